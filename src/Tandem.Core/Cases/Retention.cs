using Microsoft.EntityFrameworkCore;
using NodaTime;
using Tandem.Core.Data;
using Tandem.Core.Security.Audit;

namespace Tandem.Core.Cases;

/// <summary>How long an idle request or case is kept; bound from <c>Tandem:Retention</c> by the host.</summary>
public sealed class RetentionSettings
{
    /// <summary>Months after the last activity of a request (closed case, or a request that went no further) before it is deleted.</summary>
    public int Months { get; set; } = 24;

    /// <summary>How often each instance runs the deletion.</summary>
    public int EveryHours { get; set; } = 6;
}

/// <summary>
/// Deletes requests, with their whole case and their data key, once nothing happened to them for
/// the retention period: no triage, message, appointment, record, note, referral or questionnaire
/// since. A space left without requests goes with its key. Safe on several instances at once
/// (deleting twice deletes nothing the second time); each run that deleted something is audited
/// with counts only.
/// </summary>
public sealed class Retention(TandemDbContext db, Groups.GroupEnrolments groups, RetentionSettings settings, AuditTrail audit, IClock clock)
{
    private const int Batch = 200;

    /// <summary>The requests idle since before the cutoff.</summary>
    public IQueryable<Guid> Due(Instant cutoff) => db.Requests
        .Where(r => r.CreatedAt < cutoff
            && (r.TriagedAt == null || r.TriagedAt < cutoff)
            && (r.ClosedAt == null || r.ClosedAt < cutoff)
            && !db.RequestMessages.Any(m => m.RequestId == r.Id && m.SentAt >= cutoff)
            && !db.Appointments.Any(a => a.RequestId == r.Id && (a.End >= cutoff || a.CreatedAt >= cutoff || a.CancelledAt >= cutoff))
            && !db.InterviewRecords.Any(x => x.RequestId == r.Id && x.RecordedAt >= cutoff)
            && !db.CaseNotes.Any(n => n.RequestId == r.Id && n.CreatedAt >= cutoff)
            && !db.Referrals.Any(x => x.RequestId == r.Id && (x.ProposedAt >= cutoff || x.DecidedAt >= cutoff))
            && !db.Who5Responses.Any(w => w.RequestId == r.Id && w.AnsweredAt >= cutoff))
        .Select(r => r.Id);

    public Instant Cutoff => clock.GetCurrentInstant().InUtc().LocalDateTime.PlusMonths(-settings.Months).InUtc().ToInstant();

    /// <returns>How many requests and spaces were deleted.</returns>
    public async Task<(int Requests, int Spaces)> PurgeAsync(CancellationToken ct = default)
    {
        var cutoff = Cutoff;
        var requests = 0;
        var spaces = 0;
        while (true)
        {
            var due = await db.Requests.AsNoTracking().Where(r => Due(cutoff).Contains(r.Id)).OrderBy(r => r.Id)
                .Select(r => new { r.Id, r.DataKeyId, r.SpaceId }).Take(Batch).ToListAsync(ct);
            if (due.Count == 0)
            {
                break;
            }

            var ids = due.Select(d => d.Id).ToList();
            var keys = due.Select(d => d.DataKeyId).ToList();
            var spaceIds = due.Select(d => d.SpaceId).Distinct().ToList();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            requests += await db.Requests.Where(r => ids.Contains(r.Id)).ExecuteDeleteAsync(ct);
            await db.DataKeys.Where(k => keys.Contains(k.Id)).ExecuteDeleteAsync(ct);
            var empty = await db.BeneficiarySpaces.Where(s => spaceIds.Contains(s.Id) && !db.Requests.Any(r => r.SpaceId == s.Id))
                .Select(s => new { s.Id, s.DataKeyId }).ToListAsync(ct);
            var emptyIds = empty.Select(s => s.Id).ToList();
            var emptyKeys = empty.Select(s => s.DataKeyId).ToList();
            var promoted = new List<Guid>();
            foreach (var space in emptyIds)
            {
                promoted.AddRange(await groups.ReleaseSpaceAsync(space, ct));
            }

            spaces += await db.BeneficiarySpaces.Where(s => emptyIds.Contains(s.Id)).ExecuteDeleteAsync(ct);
            await db.DataKeys.Where(k => emptyKeys.Contains(k.Id)).ExecuteDeleteAsync(ct);
            await transaction.CommitAsync(ct);
            await groups.AuditPromotedAsync(promoted, ct);
        }

        if (requests > 0 || spaces > 0)
        {
            await audit.AppendAsync(AuditTrail.System, "retention.deleted", null, new Dictionary<string, string?>
            {
                ["requests"] = requests.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["spaces"] = spaces.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["months"] = settings.Months.ToString(System.Globalization.CultureInfo.InvariantCulture),
            }, ct);
        }

        return (requests, spaces);
    }
}
