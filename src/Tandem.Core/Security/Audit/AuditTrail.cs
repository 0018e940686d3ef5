using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using NodaTime;
using Tandem.Core.Data;

namespace Tandem.Core.Security.Audit;

/// <summary>
/// Appends to the audit chain. Each append runs in its own short-lived context and
/// transaction; the sequence number is the primary key, so two writers (threads or
/// instances) racing for the same position collide on it and the loser retries on the
/// new head. Nothing here updates or deletes an entry.
/// </summary>
public sealed partial class AuditTrail(IDbContextFactory<TandemDbContext> contexts, AuditTrail.Writer writer, IClock clock, ILogger<AuditTrail> logger)
{
    private const int MaxAttempts = 20;

    public const string System = "system";
    public const string Beneficiary = "beneficiary";

    public static string Staff(Guid staffId) => $"staff:{staffId:D}";

    /// <summary>Appends an entry; those queued meanwhile by this instance go in the same transaction.</summary>
    /// <param name="cancellationToken">Not honoured: what happened is recorded even when the caller has gone.</param>
    public async Task<AuditEntry> AppendAsync(
        string actor,
        string action,
        string? target = null,
        IReadOnlyDictionary<string, string?>? details = null,
        CancellationToken cancellationToken = default)
    {
        var pending = writer.Enqueue(actor, action, target, AuditCanonicalForm.Details(details), clock);
        await writer.Gate.WaitAsync(CancellationToken.None);
        try
        {
            // Whoever holds the gate writes every entry queued so far, in one transaction: appends that
            // arrive together share one commit (one flush to disk) instead of waiting for each other's.
            if (!pending.Task.IsCompleted)
            {
                await WriteQueuedAsync(CancellationToken.None);
            }
        }
        finally
        {
            writer.Gate.Release();
        }

        return await pending.Task;
    }

    private async Task WriteQueuedAsync(CancellationToken cancellationToken)
    {
        var batch = writer.TakeQueued();
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                await using var db = await contexts.CreateDbContextAsync(cancellationToken);

                // The head this instance wrote last, when it has one: another instance's append since then
                // takes that sequence number, so the insert collides and the head is read again.
                var head = writer.Head ?? await db.AuditEntries.AsNoTracking()
                    .OrderByDescending(e => e.Sequence)
                    .Select(e => new Writer.Position(e.Sequence, e.Hash))
                    .FirstOrDefaultAsync(cancellationToken);
                var entries = Chain(batch, head);
                db.AuditEntries.AddRange(entries);
                try
                {
                    await db.SaveChangesAsync(cancellationToken);
                    writer.Head = new Writer.Position(entries[^1].Sequence, entries[^1].Hash);
                    for (var i = 0; i < batch.Count; i++)
                    {
                        LogAppended(logger, entries[i].Sequence, entries[i].Action);
                        batch[i].TrySetResult(entries[i]);
                    }

                    return;
                }
                catch (DbUpdateException) when (attempt < MaxAttempts)
                {
                    writer.Forget();
                    await Task.Delay(Random.Shared.Next(5, 25 * attempt), cancellationToken);
                }
            }
        }
        catch (Exception ex)
        {
            writer.Forget();
            foreach (var pending in batch)
            {
                pending.TrySetException(ex);
            }
        }
    }

    /// <summary>The queued entries numbered and hashed in order after the head.</summary>
    private static List<AuditEntry> Chain(List<Writer.Pending> batch, Writer.Position? head)
    {
        var entries = new List<AuditEntry>(batch.Count);
        var (sequence, previous) = (head?.Sequence ?? 0, head?.Hash ?? AuditCanonicalForm.GenesisHash);
        foreach (var pending in batch)
        {
            var entry = new AuditEntry
            {
                Sequence = ++sequence,
                At = pending.At,
                Actor = pending.Actor,
                Action = pending.Action,
                Target = pending.Target,
                Details = pending.Details,
                PreviousHash = previous,
                Hash = string.Empty,
            };
            entry.Hash = AuditCanonicalForm.ComputeHash(entry);
            previous = entry.Hash;
            entries.Add(entry);
        }

        return entries;
    }

    public async Task<AuditEntry?> HeadAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.AuditEntries.AsNoTracking().OrderByDescending(e => e.Sequence).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>
    /// One per app instance: appends of this instance queue here instead of colliding in the database;
    /// the head it wrote last is kept, so an append is one insert rather than a read and an insert.
    /// </summary>
    public sealed class Writer : IDisposable
    {
        private readonly Lock _lock = new();
        private List<Pending> _queued = [];

        public SemaphoreSlim Gate { get; } = new(1, 1);

        /// <summary>The last entry this instance appended; null when it must be read (at start, after a collision, after a restore).</summary>
        internal Position? Head { get; set; }

        /// <summary>Reads the head from the database on the next append (a restore replaced the chain).</summary>
        public void Forget() => Head = null;

        /// <summary>Queues an entry; its instant is taken in queue order, so instants never go back along the chain.</summary>
        internal Pending Enqueue(string actor, string action, string? target, string? details, IClock clock)
        {
            lock (_lock)
            {
                var pending = new Pending(actor, action, target, details, AuditCanonicalForm.Truncate(clock.GetCurrentInstant()));
                _queued.Add(pending);
                return pending;
            }
        }

        internal List<Pending> TakeQueued()
        {
            lock (_lock)
            {
                var taken = _queued;
                _queued = [];
                return taken;
            }
        }

        public void Dispose() => Gate.Dispose();

        internal sealed record Position(long Sequence, string Hash);

        /// <summary>An entry waiting to be written; completes with the entry as written.</summary>
        internal sealed class Pending(string actor, string action, string? target, string? details, Instant at)
            : TaskCompletionSource<AuditEntry>(TaskCreationOptions.RunContinuationsAsynchronously)
        {
            public string Actor { get; } = actor;

            public string Action { get; } = action;

            public string? Target { get; } = target;

            public string? Details { get; } = details;

            public Instant At { get; } = at;
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Audit entry {Sequence} appended: {Action}")]
    private static partial void LogAppended(ILogger logger, long sequence, string action);
}
