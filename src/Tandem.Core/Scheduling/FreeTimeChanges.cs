using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Tandem.Core.Practitioners;
using Tandem.Core.Staff;

namespace Tandem.Core.Scheduling;

/// <summary>
/// Tells <see cref="FreeTimeCache"/> (and, through <see cref="FreeTimeNotices"/>, the other instances)
/// what changed in practitioners' time, once it is committed: the
/// practitioners of the rows saved (bookings, windows, openings, leave, links, profiles,
/// disciplines, appointments), or everyone when a bulk statement touched those tables or a staff
/// account's role or deactivation changed. Registered on every context (three EF Core interceptors
/// sharing this one).
/// </summary>
public sealed class FreeTimeChanges(FreeTimeCache cache, FreeTimeNotices notices)
{
    /// <summary>The tables whose bulk updates and deletes change someone's free time.</summary>
    private static readonly string[] ScheduleTables =
        ["practitioner_bookings", "appointments", "availability_windows", "availability_openings", "practitioner_leaves", "prior_links", "practitioner_profiles", "practitioner_disciplines", "AspNetUsers"];

    private readonly ConditionalWeakTable<DbContext, Pending> _pending = [];

    public IInterceptor[] Interceptors => [new Saving(this), new Commands(this), new Transactions(this)];

    private void Collect(DbContext context)
    {
        Pending? pending = null;
        foreach (var entry in context.ChangeTracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted))
            {
                continue;
            }

            IEnumerable<Guid> practitioners = entry.Entity switch
            {
                PractitionerBooking b => [b.PractitionerId],
                Appointment a => [a.FirstPractitionerId, a.SecondPractitionerId],
                AvailabilityWindow w => [w.PractitionerId],
                AvailabilityOpening o => [o.PractitionerId],
                PractitionerLeave l => [l.PractitionerId],
                PriorLink l => [l.PractitionerId],
                PractitionerProfile p => [p.Id],
                PractitionerDiscipline d => [d.PractitionerId],
                _ => [],
            };
            var everyone = entry.Entity is StaffUser && (entry.State != EntityState.Modified
                || entry.Property(nameof(StaffUser.Role)).IsModified || entry.Property(nameof(StaffUser.DeactivatedAt)).IsModified);
            if (!everyone && !practitioners.Any())
            {
                continue;
            }

            pending ??= _pending.GetOrCreateValue(context);
            pending.Add(practitioners);
            if (everyone)
            {
                pending.AddAll();
            }
        }
    }

    private void Bulk(DbContext? context, DbCommand command, CommandSource source)
    {
        if (context is null || source is CommandSource.SaveChanges or CommandSource.LinqQuery or CommandSource.Migrations
            || !ScheduleTables.Any(t => command.CommandText.Contains(t, StringComparison.Ordinal)))
        {
            return;
        }

        _pending.GetOrCreateValue(context).AddAll();
        if (context.Database.CurrentTransaction is null)
        {
            Flush(context);
        }
    }

    /// <summary>After a commit (or a save outside a transaction): the marks go to the cache.</summary>
    private void Flush(DbContext? context)
    {
        if (context is null || !_pending.TryGetValue(context, out var pending))
        {
            return;
        }

        _pending.Remove(context);
        if (!pending.All && pending.Practitioners.Count == 0)
        {
            return;
        }

        if (pending.All)
        {
            cache.ChangedAll();
        }
        else
        {
            cache.Changed(pending.Practitioners);
        }

        notices.Add(pending.Practitioners, pending.All);
    }

    private sealed class Pending
    {
        public HashSet<Guid> Practitioners { get; } = [];

        public bool All { get; private set; }

        public void Add(IEnumerable<Guid> practitioners) => Practitioners.UnionWith(practitioners);

        public void AddAll() => All = true;
    }

    private sealed class Saving(FreeTimeChanges changes) : SaveChangesInterceptor
    {
        public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
        {
            if (eventData.Context is { } context)
            {
                changes.Collect(context);
            }

            return result;
        }

        public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            if (eventData.Context is { } context)
            {
                changes.Collect(context);
            }

            return ValueTask.FromResult(result);
        }

        public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
        {
            FlushOutsideTransaction(eventData.Context);
            return result;
        }

        public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
        {
            FlushOutsideTransaction(eventData.Context);
            return ValueTask.FromResult(result);
        }

        public override void SaveChangesFailed(DbContextErrorEventData eventData) => FlushOutsideTransaction(eventData.Context);

        public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
        {
            FlushOutsideTransaction(eventData.Context);
            return Task.CompletedTask;
        }

        private void FlushOutsideTransaction(DbContext? context)
        {
            if (context?.Database.CurrentTransaction is null)
            {
                changes.Flush(context);
            }
        }
    }

    private sealed class Commands(FreeTimeChanges changes) : DbCommandInterceptor
    {
        public override int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
        {
            changes.Bulk(eventData.Context, command, eventData.CommandSource);
            return result;
        }

        public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
        {
            changes.Bulk(eventData.Context, command, eventData.CommandSource);
            return ValueTask.FromResult(result);
        }
    }

    /// <summary>Marks are sent when the transaction ends, committed or not (a mark too many only costs a read).</summary>
    private sealed class Transactions(FreeTimeChanges changes) : DbTransactionInterceptor
    {
        public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => changes.Flush(eventData.Context);

        public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            changes.Flush(eventData.Context);
            return Task.CompletedTask;
        }

        public override void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => changes.Flush(eventData.Context);

        public override Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            changes.Flush(eventData.Context);
            return Task.CompletedTask;
        }
    }
}
