using Microsoft.EntityFrameworkCore;
using NodaTime;
using Tandem.Core.Common;
using Tandem.Core.Data;
using Tandem.Core.Security.Audit;
using Tandem.Core.Security.Encryption;

namespace Tandem.Core.Requests;

public sealed record TriageDecision(TriageOutcome? Outcome, string? SignpostedTo, string? Reason);

public sealed record TriageDone(Guid RequestId, RequestStatus Status);

/// <summary>
/// The coordination's decision on a new request: accepted; signposted elsewhere (where,
/// with a text the person reads); or declined with a reason the person reads.
/// </summary>
public sealed class Triage(TandemDbContext db, EnvelopeCrypto crypto, AuditTrail audit, IClock clock)
{
    public const int MaxReasonLength = 2000;

    public static string OutcomePurpose(Guid requestId) => $"request.outcome:{requestId:D}";

    public async Task<Outcome<TriageDone>> DecideAsync(Guid coordinatorId, Guid requestId, TriageDecision decision, CancellationToken ct = default)
    {
        var request = await db.Requests.Include(r => r.DataKey).FirstOrDefaultAsync(r => r.Id == requestId, ct);
        if (request is null)
        {
            return Outcome<TriageDone>.Fail(OutcomeStatus.NotFound, Messages.NotFound);
        }

        var errors = new FieldErrors();
        var reason = decision.Reason?.Trim();
        switch (decision.Outcome)
        {
            case null:
                errors.Add("outcome", RequestMessages.OutcomeRequired);
                break;
            case TriageOutcome.Signposted when !SignpostTargets.IsKnown(decision.SignpostedTo):
                errors.Add("signpostedTo", RequestMessages.SignpostRequired);
                break;
            case TriageOutcome.Declined when string.IsNullOrWhiteSpace(reason):
                errors.Add("reason", RequestMessages.ReasonRequired);
                break;
            default:
                break;
        }

        if (reason is { Length: > MaxReasonLength })
        {
            errors.Add("reason", Messages.TooLong);
        }

        if (errors.Any)
        {
            return Outcome<TriageDone>.Invalid(errors);
        }

        if (request.Status != RequestStatus.New)
        {
            return Outcome<TriageDone>.Fail(OutcomeStatus.Conflict, RequestMessages.AlreadyTriaged);
        }

        request.Status = decision.Outcome switch
        {
            TriageOutcome.Accepted => RequestStatus.Accepted,
            TriageOutcome.Signposted => RequestStatus.Signposted,
            TriageOutcome.Declined => RequestStatus.Declined,
            _ => throw new InvalidOperationException("Unknown outcome."),
        };
        request.SignpostedTo = decision.Outcome == TriageOutcome.Signposted ? decision.SignpostedTo : null;
        request.OutcomeText = string.IsNullOrWhiteSpace(reason) ? null : crypto.Seal(request.DataKey!, reason, OutcomePurpose(request.Id));
        request.TriagedAt = clock.GetCurrentInstant();
        request.TriagedById = coordinatorId;
        await db.SaveChangesAsync(ct);
        await audit.AppendAsync(AuditTrail.Staff(coordinatorId), RequestAuditActions.Triaged, request.Id.ToString(),
            new Dictionary<string, string?> { ["outcome"] = request.Status.ToString().ToLowerInvariant(), ["signpostedTo"] = request.SignpostedTo }, ct);
        return Outcome<TriageDone>.Ok(new TriageDone(request.Id, request.Status));
    }

    /// <summary>Records that the framework was presented and whether the person can attend a long interview.</summary>
    public async Task<bool> RecordFrameworkAsync(Guid coordinatorId, Guid requestId, bool presented, bool canAttendLongInterview, CancellationToken ct = default)
    {
        var request = await db.Requests.FirstOrDefaultAsync(r => r.Id == requestId, ct);
        if (request is null)
        {
            return false;
        }

        var now = clock.GetCurrentInstant();
        request.FrameworkPresentedAt = presented ? request.FrameworkPresentedAt ?? now : null;
        request.LongInterviewConfirmedAt = canAttendLongInterview ? request.LongInterviewConfirmedAt ?? now : null;
        await db.SaveChangesAsync(ct);
        await audit.AppendAsync(AuditTrail.Staff(coordinatorId), "request.framework_recorded", request.Id.ToString(),
            new Dictionary<string, string?> { ["presented"] = presented ? "true" : "false", ["longInterview"] = canAttendLongInterview ? "true" : "false" }, ct);
        return true;
    }
}
