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

    public async Task<AuditEntry> AppendAsync(
        string actor,
        string action,
        string? target = null,
        IReadOnlyDictionary<string, string?>? details = null,
        CancellationToken cancellationToken = default)
    {
        var canonicalDetails = AuditCanonicalForm.Details(details);
        await writer.Gate.WaitAsync(cancellationToken);
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

                var entry = new AuditEntry
                {
                    Sequence = (head?.Sequence ?? 0) + 1,
                    At = AuditCanonicalForm.Truncate(clock.GetCurrentInstant()),
                    Actor = actor,
                    Action = action,
                    Target = target,
                    Details = canonicalDetails,
                    PreviousHash = head?.Hash ?? AuditCanonicalForm.GenesisHash,
                    Hash = string.Empty,
                };
                entry.Hash = AuditCanonicalForm.ComputeHash(entry);
                db.AuditEntries.Add(entry);
                try
                {
                    await db.SaveChangesAsync(cancellationToken);
                    writer.Head = new Writer.Position(entry.Sequence, entry.Hash);
                    LogAppended(logger, entry.Sequence, action);
                    return entry;
                }
                catch (DbUpdateException) when (attempt < MaxAttempts)
                {
                    writer.Forget();
                    await Task.Delay(Random.Shared.Next(5, 25 * attempt), cancellationToken);
                }
                catch
                {
                    writer.Forget();
                    throw;
                }
            }
        }
        finally
        {
            writer.Gate.Release();
        }
    }

    public async Task<AuditEntry?> HeadAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.AuditEntries.AsNoTracking().OrderByDescending(e => e.Sequence).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>
    /// One per app instance: appends of this instance queue here instead of colliding in the database,
    /// and the head it wrote last is kept, so an append is one insert rather than a read and an insert.
    /// </summary>
    public sealed class Writer : IDisposable
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        /// <summary>The last entry this instance appended; null when it must be read (at start, after a collision, after a restore).</summary>
        internal Position? Head { get; set; }

        /// <summary>Reads the head from the database on the next append (a restore replaced the chain).</summary>
        public void Forget() => Head = null;

        internal sealed record Position(long Sequence, string Hash);

        public void Dispose() => Gate.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Audit entry {Sequence} appended: {Action}")]
    private static partial void LogAppended(ILogger logger, long sequence, string action);
}
