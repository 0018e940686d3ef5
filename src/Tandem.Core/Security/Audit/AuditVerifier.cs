using Microsoft.EntityFrameworkCore;
using Tandem.Core.Data;

namespace Tandem.Core.Security.Audit;

/// <summary>What a walk over the chain found.</summary>
public sealed record AuditVerification(bool Intact, long EntriesChecked, long? FirstBrokenSequence, string? Problem, string HeadHash);

/// <summary>
/// Walks the chain from the first entry and names the first one that does not hold:
/// a gap in the sequence (a deleted row), a previous-hash that does not match (a row
/// removed or inserted before it) or a hash that does not match its content (an edit).
/// Truncating the tail cannot be seen from inside: that is why the head is logged hourly.
/// </summary>
public sealed class AuditVerifier(IDbContextFactory<TandemDbContext> contexts, AuditTrail audit)
{
    private const int BatchSize = 1000;

    /// <summary>Verifies at a staff member's request, and records that they did and what was found.</summary>
    public async Task<AuditVerification> VerifyForAsync(Guid staffId, CancellationToken cancellationToken = default)
    {
        var result = await VerifyAsync(cancellationToken);
        await audit.AppendAsync(AuditTrail.Staff(staffId), AuditActions.AuditVerified, null,
            new Dictionary<string, string?> { ["intact"] = result.Intact ? "true" : "false" }, cancellationToken);
        return result;
    }

    /// <summary>A page of the chain, newest first, before a given sequence number.</summary>
    public async Task<IReadOnlyList<AuditEntry>> PageAsync(long? before, int take, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var query = db.AuditEntries.AsNoTracking();
        if (before is { } b)
        {
            query = query.Where(e => e.Sequence < b);
        }

        return await query.OrderByDescending(e => e.Sequence).Take(Math.Clamp(take, 1, 500)).ToListAsync(cancellationToken);
    }

    public async Task<AuditVerification> VerifyAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        long expectedSequence = 1;
        var previousHash = AuditCanonicalForm.GenesisHash;
        long checkedCount = 0;
        long lastSequence = 0;

        while (true)
        {
            var batch = await db.AuditEntries.AsNoTracking()
                .Where(e => e.Sequence > lastSequence)
                .OrderBy(e => e.Sequence)
                .Take(BatchSize)
                .ToListAsync(cancellationToken);
            if (batch.Count == 0)
            {
                return new AuditVerification(true, checkedCount, null, null, previousHash);
            }

            foreach (var entry in batch)
            {
                string? problem = null;
                if (entry.Sequence != expectedSequence)
                {
                    problem = $"sequence {expectedSequence} is missing";
                }
                else if (!string.Equals(entry.PreviousHash, previousHash, StringComparison.Ordinal))
                {
                    problem = "previous hash does not match the entry before it";
                }
                else if (!string.Equals(AuditCanonicalForm.ComputeHash(entry), entry.Hash, StringComparison.Ordinal))
                {
                    problem = "content does not match its hash";
                }

                if (problem is not null)
                {
                    return new AuditVerification(false, checkedCount, entry.Sequence, problem, previousHash);
                }

                checkedCount++;
                expectedSequence++;
                previousHash = entry.Hash;
                lastSequence = entry.Sequence;
            }
        }
    }
}
