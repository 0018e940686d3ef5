using Microsoft.EntityFrameworkCore;
using NodaTime;
using Tandem.Core.Data;
using Tandem.Core.Security.Audit;
using Tandem.Core.Security.Encryption;

namespace Tandem.Core.Requests;

/// <summary>How the coordination's queue behaves; bound from configuration by the host.</summary>
public sealed class CoordinationSettings
{
    /// <summary>An urgent request waiting longer than this is overdue.</summary>
    public TimeSpan UrgentRequestLimit { get; set; } = TimeSpan.FromHours(24);
}

public sealed record QueueItem(Guid RequestId, bool Urgent, bool Overdue, RequestStatus Status, Instant CreatedAt, Duration Waiting, IReadOnlyList<string> Themes, Modality Modality, bool Collective, int Participants, string? OrganisationName);

public sealed record CoordinationRequestView(
    QueueItem Summary,
    string? Pseudonym,
    string? Message,
    string? Department,
    string? JobFamily,
    bool LongInterviewAvailable,
    string? SignpostedTo,
    string? OutcomeText,
    Instant? FrameworkPresentedAt,
    Instant? LongInterviewConfirmedAt,
    IReadOnlyList<SpaceMessageView> Messages);

/// <summary>
/// The coordination's queue: new requests, urgent first, then oldest first, with the time
/// waiting; an urgent request waiting longer than the limit is overdue.
/// </summary>
public sealed class CoordinationQueue(TandemDbContext db, EnvelopeCrypto crypto, AuditTrail audit, CoordinationSettings settings, IClock clock)
{
    public Task<int> CountNewAsync(CancellationToken ct = default) => db.Requests.CountAsync(r => r.Status == RequestStatus.New, ct);

    public async Task<IReadOnlyList<QueueItem>> PendingAsync(CancellationToken ct = default) =>
        Summarise(await Rows(db.Requests.Where(r => r.Status == RequestStatus.New)
            .OrderByDescending(r => r.Urgent).ThenBy(r => r.CreatedAt)
            .Take(500))
            .ToListAsync(ct));

    public async Task<IReadOnlyList<QueueItem>> RecentlyTriagedAsync(int take = 50, CancellationToken ct = default) =>
        Summarise(await Rows(db.Requests.Where(r => r.Status != RequestStatus.New)
            .OrderByDescending(r => r.TriagedAt)
            .Take(take))
            .ToListAsync(ct));

    /// <summary>Opens one request for the coordination; the read is recorded in the audit chain.</summary>
    public async Task<CoordinationRequestView?> OpenAsync(Guid coordinatorId, Guid requestId, CancellationToken ct = default)
    {
        var r = await db.Requests.AsNoTracking()
            .Include(x => x.DataKey)
            .Include(x => x.Space).ThenInclude(s => s!.DataKey)
            .Include(x => x.Messages)
            .AsSingleQuery()
            .FirstOrDefaultAsync(x => x.Id == requestId, ct);
        if (r is null)
        {
            return null;
        }

        // Read before anything is recorded: a request erased in between (its person erased their space) is not found.
        var summary = Summarise(await Rows(db.Requests.Where(x => x.Id == r.Id)).ToListAsync(ct));
        if (summary.Count == 0)
        {
            return null;
        }

        await audit.AppendAsync(AuditTrail.Staff(coordinatorId), RequestAuditActions.Read, r.Id.ToString(), null, ct);
        var units = r.DepartmentId is null && r.JobFamilyId is null
            ? []
            : await db.OrganisationUnits.AsNoTracking().Where(u => u.Id == r.DepartmentId || u.Id == r.JobFamilyId).ToDictionaryAsync(u => u.Id, u => u.Name, ct);
        return new CoordinationRequestView(
            summary[0],
            r.Space!.Pseudonym is null ? null : crypto.Open(r.Space.DataKey!, r.Space.Pseudonym, CreateRequest.PseudonymPurpose(r.SpaceId)),
            r.Message is null ? null : crypto.Open(r.DataKey!, r.Message, CreateRequest.MessagePurpose(r.Id)),
            r.DepartmentId is { } d ? units.GetValueOrDefault(d) : null,
            r.JobFamilyId is { } j ? units.GetValueOrDefault(j) : null,
            r.LongInterviewAvailable,
            r.SignpostedTo,
            r.OutcomeText is null ? null : crypto.Open(r.DataKey!, r.OutcomeText, Triage.OutcomePurpose(r.Id)),
            r.FrameworkPresentedAt,
            r.LongInterviewConfirmedAt,
            r.Messages.OrderBy(m => m.SentAt).Select(m => new SpaceMessageView(m.Id, m.FromCoordination, crypto.Open(r.DataKey!, m.Body, RequestConversation.Purpose(m.Id)), m.SentAt)).ToList());
    }

    /// <summary>
    /// What a line of the queue shows, read as columns (the sealed message and outcome stay in the
    /// database) with its themes and its organisation's name in the same round trip.
    /// </summary>
    private IQueryable<QueueRow> Rows(IQueryable<SupportRequest> requests) => requests.Select(r => new QueueRow(
        r.Id, r.Urgent, r.Status, r.CreatedAt, r.Modality, r.Collective, r.Participants,
        db.Organisations.Where(o => o.Id == r.OrganisationId).Select(o => o.Name).FirstOrDefault(),
        r.Themes.Select(t => t.Code).ToList()));

    private List<QueueItem> Summarise(List<QueueRow> rows)
    {
        var now = clock.GetCurrentInstant();
        var limit = Duration.FromTimeSpan(settings.UrgentRequestLimit);
        return rows.ConvertAll(r =>
        {
            var waiting = now - r.CreatedAt;
            return new QueueItem(r.Id, r.Urgent, r.Urgent && r.Status == RequestStatus.New && waiting > limit, r.Status, r.CreatedAt, waiting,
                r.Themes.Order(StringComparer.Ordinal).ToList(), r.Modality, r.Collective, r.Participants, r.OrganisationName);
        });
    }

    private sealed record QueueRow(Guid Id, bool Urgent, RequestStatus Status, Instant CreatedAt, Modality Modality, bool Collective, int Participants, string? OrganisationName, List<string> Themes);
}
