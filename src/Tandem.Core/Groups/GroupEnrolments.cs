using Microsoft.EntityFrameworkCore;
using NodaTime;
using Tandem.Core.Common;
using Tandem.Core.Data;
using Tandem.Core.Requests;
using Tandem.Core.Scheduling;
using Tandem.Core.Security.Audit;
using Tandem.Core.Security.Encryption;

namespace Tandem.Core.Groups;

public sealed record SpaceEnrolment(Guid EnrolmentId, Guid ActivityId, Guid? SessionId, EnrolmentState State, int? WaitingPosition);

/// <summary>An activity as a person sees it: its coming sessions, their own places, and — once a member of a support group — the others' pseudonyms.</summary>
public sealed record SpaceActivity(GroupActivityView Activity, IReadOnlyList<SpaceEnrolment> Mine, IReadOnlyList<string> Members);

public sealed record SpaceGroups(bool Eligible, IReadOnlyList<SpaceActivity> Activities);

/// <summary>A place the person holds (or waits for), with the sessions it covers.</summary>
public sealed record GroupMembership(
    Guid EnrolmentId, Guid ActivityId, ActivityKind Kind, string Title, string? Theme, EnrolmentState State, int? WaitingPosition,
    IReadOnlyList<SlotPractitioner> Facilitators, Modality Modality, string? Place, string? Access, string? VideoLink, IReadOnlyList<GroupSessionView> Sessions);

/// <summary>A place held or awaited, as the space's front page lists it: what, in which state, when next.</summary>
public sealed record MembershipLine(Guid EnrolmentId, ActivityKind Kind, string Title, string? Theme, EnrolmentState State, Instant? Next);

public sealed record GroupsSummary(bool Eligible, IReadOnlyList<MembershipLine> Memberships);

public sealed record EnrolmentResult(Guid EnrolmentId, EnrolmentState State, int? WaitingPosition);

/// <summary>
/// A person joins a support group or registers for a workshop session from their space. A place
/// is taken by a conditional increment the database bounds by the capacity (a check constraint),
/// so simultaneous registrations never overfill a roster; when it is full, the person waits, and
/// the first waiting is confirmed, in the same transaction, as soon as someone leaves.
/// </summary>
public sealed class GroupEnrolments(TandemDbContext db, GroupActivities activities, EnvelopeCrypto crypto, Mail.Outbox outbox, AuditTrail audit, IClock clock)
{
    public const int MaxPseudonymLength = 40;

    /// <summary>After at least one interview, or once the pair proposed it.</summary>
    public Task<bool> EligibleAsync(Guid spaceId, CancellationToken ct = default)
    {
        var now = clock.GetCurrentInstant();
        return db.Requests.AnyAsync(r => r.SpaceId == spaceId && (r.GroupsProposedAt != null
            || db.Appointments.Any(a => a.RequestId == r.Id && a.CancelledAt == null
                && (a.Attendance == Attendance.Held || (a.Attendance == Attendance.Pending && a.End <= now)))), ct);
    }

    public async Task<SpaceGroups> ForSpaceAsync(Guid spaceId, CancellationToken ct = default)
    {
        var now = clock.GetCurrentInstant();
        var mine = await db.GroupEnrolments.AsNoTracking().Where(e => e.SpaceId == spaceId && e.State != EnrolmentState.Cancelled).ToListAsync(ct);
        var mineIds = mine.Select(e => e.ActivityId).ToList();
        var eligible = await EligibleAsync(spaceId, ct);
        if (!eligible && mine.Count == 0)
        {
            return new SpaceGroups(false, []);
        }

        var open = await db.GroupActivities.AsNoTracking()
            .Include(a => a.Sessions.Where(s => s.CancelledAt == null && s.End > now))
            .Where(a => (a.ClosedAt == null && eligible) || mineIds.Contains(a.Id))
            .OrderBy(a => a.Kind).ThenBy(a => a.Title)
            .ToListAsync(ct);
        // Only coming sessions are shown here: no attendance to count.
        var views = await activities.ViewsAsync(open, ct, present: []);
        var positions = await PositionsAsync(mine, ct);
        var memberOf = mine.Where(e => e.State == EnrolmentState.Confirmed && e.SessionId == null).Select(e => e.ActivityId).ToHashSet();
        var members = await MembersAsync(memberOf, ct);
        return new SpaceGroups(eligible, views.Select(v =>
        {
            var own = mine.Where(e => e.ActivityId == v.ActivityId)
                .Select(e => new SpaceEnrolment(e.Id, e.ActivityId, e.SessionId, e.State, positions.TryGetValue(e.Id, out var position) ? position : null)).ToList();
            var confirmed = own.Any(e => e.State == EnrolmentState.Confirmed);

            // The link to the room is for those who have a place.
            var shown = confirmed ? v : v with { VideoLink = null };
            return new SpaceActivity(shown, own, members.GetValueOrDefault(v.ActivityId, []));
        }).ToList());
    }

    /// <summary>For the space's front page: whether groups are open to the person, and their places with the next session, in two queries.</summary>
    public async Task<GroupsSummary> SummaryAsync(Guid spaceId, CancellationToken ct = default)
    {
        var now = clock.GetCurrentInstant();
        var lines = await db.GroupEnrolments.AsNoTracking()
            .Where(e => e.SpaceId == spaceId && e.State != EnrolmentState.Cancelled)
            .Join(db.GroupActivities, e => e.ActivityId, a => a.Id, (e, a) => new
            {
                e.Id,
                a.Kind,
                a.Title,
                a.Theme,
                e.State,
                Next = db.GroupSessions.Where(s => (e.SessionId != null ? s.Id == e.SessionId : s.ActivityId == a.Id) && s.CancelledAt == null && s.End > now)
                    .OrderBy(s => s.Start).Select(s => (Instant?)s.Start).FirstOrDefault(),
            })
            .ToListAsync(ct);
        var eligible = await EligibleAsync(spaceId, ct);
        return new GroupsSummary(eligible, lines.Select(l => new MembershipLine(l.Id, l.Kind, l.Title, l.Theme, l.State, l.Next)).ToList());
    }

    /// <summary>
    /// The groups and workshops of a space just read: most people never join one, and the read
    /// already says so (<see cref="SpaceView.Enrolled"/>), so their space needs no look at the activities on offer.
    /// </summary>
    public async Task<IReadOnlyList<GroupMembership>> MembershipsAsync(SpaceView space, CancellationToken ct = default)
    {
        if (!space.Enrolled)
        {
            return [];
        }

        var groups = await ForSpaceAsync(space.SpaceId, ct);
        return groups.Activities.SelectMany(a => a.Mine.Select(m => new GroupMembership(
            m.EnrolmentId, a.Activity.ActivityId, a.Activity.Kind, a.Activity.Title, a.Activity.Theme, m.State, m.WaitingPosition,
            a.Activity.Facilitators, a.Activity.Modality, a.Activity.Place, a.Activity.Access, a.Activity.VideoLink,
            a.Activity.Sessions.Where(s => m.SessionId is null || s.SessionId == m.SessionId).ToList()))).ToList();
    }

    public async Task<Outcome<(EnrolmentResult Result, bool Created)>> JoinAsync(Guid spaceId, Guid activityId, Guid? sessionId, string? pseudonym, CancellationToken ct = default)
    {
        var space = await db.BeneficiarySpaces.AsNoTracking().Include(s => s.DataKey).FirstOrDefaultAsync(s => s.Id == spaceId, ct);
        var activity = space is null ? null : await db.GroupActivities.AsNoTracking().FirstOrDefaultAsync(a => a.Id == activityId, ct);
        if (activity is null)
        {
            return Outcome<(EnrolmentResult, bool)>.Fail(OutcomeStatus.NotFound, Messages.NotFound);
        }

        if (!await EligibleAsync(spaceId, ct))
        {
            return Outcome<(EnrolmentResult, bool)>.Fail(OutcomeStatus.Conflict, GroupMessages.NotEligible);
        }

        if (activity.ClosedAt is not null)
        {
            return Outcome<(EnrolmentResult, bool)>.Fail(OutcomeStatus.Conflict, GroupMessages.Closed);
        }

        GroupSession? session = null;
        if (activity.Kind == ActivityKind.Workshop)
        {
            session = sessionId is null ? null : await db.GroupSessions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == sessionId && s.ActivityId == activityId, ct);
            if (session is null)
            {
                return Outcome<(EnrolmentResult, bool)>.Invalid("sessionId", GroupMessages.SessionRequired);
            }

            if (session.CancelledAt is not null || session.Start <= clock.GetCurrentInstant())
            {
                return Outcome<(EnrolmentResult, bool)>.Fail(OutcomeStatus.Conflict, session.CancelledAt is null ? GroupMessages.SessionOver : GroupMessages.SessionCancelled);
            }
        }

        var rosterId = session?.Id ?? activity.Id;
        if (await ExistingAsync(spaceId, rosterId, ct) is { } existing)
        {
            return Outcome<(EnrolmentResult, bool)>.Ok((existing, false));
        }

        var name = string.IsNullOrWhiteSpace(pseudonym)
            ? space!.Pseudonym is { } sealedName ? crypto.Open(space.DataKey!, sealedName, Requests.CreateRequest.PseudonymPurpose(space.Id)) : null
            : pseudonym.Trim();
        if (string.IsNullOrWhiteSpace(name))
        {
            // A workshop needs no name at all; the others in a support group call each other by pseudonym, so one is asked.
            if (activity.Kind == ActivityKind.SupportGroup)
            {
                return Outcome<(EnrolmentResult, bool)>.Invalid("pseudonym", GroupMessages.PseudonymRequired);
            }

            name = "#" + System.Security.Cryptography.RandomNumberGenerator.GetInt32(1000, 10000).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (name.Length > MaxPseudonymLength)
        {
            return Outcome<(EnrolmentResult, bool)>.Invalid("pseudonym", Messages.TooLong);
        }

        var now = clock.GetCurrentInstant();
        var enrolment = new GroupEnrolment
        {
            Id = Guid.NewGuid(),
            ActivityId = activity.Id,
            SessionId = session?.Id,
            RosterId = rosterId,
            SpaceId = spaceId,
            Pseudonym = null!,
            CreatedAt = now,
        };
        enrolment.Pseudonym = crypto.Seal(space!.DataKey!, name, GroupActivities.PseudonymPurpose(enrolment.Id));
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var placed = await TakePlaceAsync(activity.Kind, rosterId, ct);
            enrolment.State = placed ? EnrolmentState.Confirmed : EnrolmentState.Waiting;
            enrolment.ConfirmedAt = placed ? now : null;
            db.GroupEnrolments.Add(enrolment);
            if (placed)
            {
                await ConfirmedAsync(enrolment, ct);
            }

            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }
        catch (DbUpdateException)
        {
            // The same person joined the same roster at the same moment: one place, the first one.
            db.ChangeTracker.Clear();
            return await ExistingAsync(spaceId, rosterId, ct) is { } same
                ? Outcome<(EnrolmentResult, bool)>.Ok((same, false))
                : Outcome<(EnrolmentResult, bool)>.Fail(OutcomeStatus.Conflict, GroupMessages.Closed);
        }

        await audit.AppendAsync(AuditTrail.Beneficiary, enrolment.State == EnrolmentState.Confirmed ? "group.joined" : "group.waiting", enrolment.Id.ToString(),
            new Dictionary<string, string?> { ["activity"] = activity.Id.ToString() }, ct);
        return Outcome<(EnrolmentResult, bool)>.Ok(((await ExistingAsync(spaceId, rosterId, ct))!, true));
    }

    /// <summary>The person leaves a support group or gives up a workshop place (or their place on a waiting list); the next one waiting is confirmed.</summary>
    public async Task<Outcome<bool>> LeaveAsync(Guid spaceId, Guid enrolmentId, CancellationToken ct = default)
    {
        var enrolment = await db.GroupEnrolments.AsNoTracking().FirstOrDefaultAsync(e => e.Id == enrolmentId && e.SpaceId == spaceId, ct);
        if (enrolment is null)
        {
            return Outcome<bool>.Fail(OutcomeStatus.NotFound, Messages.NotFound);
        }

        if (enrolment.State == EnrolmentState.Cancelled)
        {
            return Outcome<bool>.Ok(true);
        }

        if (enrolment.SessionId is { } sessionId && await db.GroupSessions.AnyAsync(s => s.Id == sessionId && s.Start <= clock.GetCurrentInstant(), ct))
        {
            return Outcome<bool>.Fail(OutcomeStatus.Conflict, GroupMessages.SessionOver);
        }

        IReadOnlyList<Guid> promoted;
        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            promoted = await ReleaseAsync(enrolment, ct);
            await transaction.CommitAsync(ct);
        }

        await audit.AppendAsync(AuditTrail.Beneficiary, "group.left", enrolment.Id.ToString(), null, ct);
        await AuditPromotedAsync(promoted, ct);
        return Outcome<bool>.Ok(true);
    }

    /// <summary>
    /// Frees every place the space holds, inside the caller's transaction (the space is being erased).
    /// </summary>
    /// <returns>The places given to people who were waiting: the caller audits them once committed (<see cref="AuditPromotedAsync"/>).</returns>
    public async Task<IReadOnlyList<Guid>> ReleaseSpaceAsync(Guid spaceId, CancellationToken ct)
    {
        var enrolments = await db.GroupEnrolments.AsNoTracking().Where(e => e.SpaceId == spaceId && e.State != EnrolmentState.Cancelled).ToListAsync(ct);
        var promoted = new List<Guid>();
        foreach (var enrolment in enrolments)
        {
            promoted.AddRange(await ReleaseAsync(enrolment, ct));
        }

        return promoted;
    }

    /// <summary>Audits promotions from the waiting list; outside any transaction (the audit trail writes on its own connection).</summary>
    public async Task AuditPromotedAsync(IReadOnlyList<Guid> promoted, CancellationToken ct)
    {
        foreach (var id in promoted)
        {
            await audit.AppendAsync(AuditTrail.System, "group.promoted", id.ToString(), null, ct);
        }
    }

    private async Task<IReadOnlyList<Guid>> ReleaseAsync(GroupEnrolment enrolment, CancellationToken ct)
    {
        var now = clock.GetCurrentInstant();
        var left = await db.GroupEnrolments.Where(e => e.Id == enrolment.Id && e.State == enrolment.State)
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.State, EnrolmentState.Cancelled).SetProperty(e => e.CancelledAt, now), ct);
        await outbox.DropEnrolmentAsync(enrolment.Id, ct);
        if (left == 0 || enrolment.State != EnrolmentState.Confirmed)
        {
            return [];
        }

        var kind = enrolment.SessionId is null ? ActivityKind.SupportGroup : ActivityKind.Workshop;
        await GivePlaceBackAsync(kind, enrolment.RosterId, ct);
        return await PromoteAsync(kind, enrolment.RosterId, ct);
    }

    /// <summary>Confirms the first people waiting while there is room, oldest first, inside the caller's transaction.</summary>
    private async Task<IReadOnlyList<Guid>> PromoteAsync(ActivityKind kind, Guid rosterId, CancellationToken ct)
    {
        var now = clock.GetCurrentInstant();
        var promotedIds = new List<Guid>();
        if (kind == ActivityKind.Workshop && await db.GroupSessions.AnyAsync(s => s.Id == rosterId && (s.Start <= now || s.CancelledAt != null), ct))
        {
            return promotedIds;
        }

        var waiting = await db.GroupEnrolments.AsNoTracking().Where(e => e.RosterId == rosterId && e.State == EnrolmentState.Waiting)
            .OrderBy(e => e.CreatedAt).ThenBy(e => e.Id).ToListAsync(ct);
        foreach (var next in waiting)
        {
            if (!await TakePlaceAsync(kind, rosterId, ct))
            {
                break;
            }

            var promoted = await db.GroupEnrolments.Where(e => e.Id == next.Id && e.State == EnrolmentState.Waiting)
                .ExecuteUpdateAsync(s => s.SetProperty(e => e.State, EnrolmentState.Confirmed).SetProperty(e => e.ConfirmedAt, now), ct);
            if (promoted == 0)
            {
                await GivePlaceBackAsync(kind, rosterId, ct);
                continue;
            }

            await ConfirmedAsync(next, ct);
            await db.SaveChangesAsync(ct);
            promotedIds.Add(next.Id);
        }

        return promotedIds;
    }

    private async Task<bool> TakePlaceAsync(ActivityKind kind, Guid rosterId, CancellationToken ct) => kind == ActivityKind.SupportGroup
        ? await db.GroupActivities.Where(a => a.Id == rosterId && a.Taken < a.Capacity).ExecuteUpdateAsync(s => s.SetProperty(a => a.Taken, a => a.Taken + 1), ct) == 1
        : await db.GroupSessions.Where(x => x.Id == rosterId && x.Taken < x.Capacity).ExecuteUpdateAsync(s => s.SetProperty(x => x.Taken, x => x.Taken + 1), ct) == 1;

    private Task<int> GivePlaceBackAsync(ActivityKind kind, Guid rosterId, CancellationToken ct) => kind == ActivityKind.SupportGroup
        ? db.GroupActivities.Where(a => a.Id == rosterId && a.Taken > 0).ExecuteUpdateAsync(s => s.SetProperty(a => a.Taken, a => a.Taken - 1), ct)
        : db.GroupSessions.Where(x => x.Id == rosterId && x.Taken > 0).ExecuteUpdateAsync(s => s.SetProperty(x => x.Taken, x => x.Taken - 1), ct);

    /// <summary>The confirmation now, and a reminder before each coming session of the roster.</summary>
    private async Task ConfirmedAsync(GroupEnrolment enrolment, CancellationToken ct)
    {
        var now = clock.GetCurrentInstant();
        var sessions = await db.GroupSessions.AsNoTracking()
            .Where(s => (enrolment.SessionId != null ? s.Id == enrolment.SessionId : s.ActivityId == enrolment.ActivityId) && s.CancelledAt == null && s.Start > now)
            .Select(s => new { s.Id, s.Start }).ToListAsync(ct);
        outbox.GroupConfirmed(enrolment.Id);
        foreach (var session in sessions)
        {
            outbox.GroupReminder(enrolment.Id, session.Id, session.Start);
        }
    }

    private async Task<EnrolmentResult?> ExistingAsync(Guid spaceId, Guid rosterId, CancellationToken ct)
    {
        var existing = await db.GroupEnrolments.AsNoTracking().FirstOrDefaultAsync(e => e.RosterId == rosterId && e.SpaceId == spaceId && e.State != EnrolmentState.Cancelled, ct);
        if (existing is null)
        {
            return null;
        }

        var positions = await PositionsAsync([existing], ct);
        return new EnrolmentResult(existing.Id, existing.State, positions.TryGetValue(existing.Id, out var position) ? position : null);
    }

    /// <summary>
    /// Places on the waiting lists, counted from rows in the order the database gives them (arrival,
    /// then id) — the order in which <see cref="PromoteAsync"/> confirms people.
    /// </summary>
    internal static Dictionary<Guid, int> WaitingPositions(IEnumerable<GroupEnrolment> ordered) =>
        ordered.Where(e => e.State == EnrolmentState.Waiting).GroupBy(e => e.RosterId)
            .SelectMany(g => g.Select((e, i) => (e.Id, Position: i + 1)))
            .ToDictionary(x => x.Id, x => x.Position);

    /// <summary>The waiting positions of these enrolments, in one query over their rosters.</summary>
    private async Task<Dictionary<Guid, int>> PositionsAsync(IReadOnlyList<GroupEnrolment> enrolments, CancellationToken ct)
    {
        var rosters = enrolments.Where(e => e.State == EnrolmentState.Waiting).Select(e => e.RosterId).Distinct().ToList();
        if (rosters.Count == 0)
        {
            return [];
        }

        var waiting = await db.GroupEnrolments.AsNoTracking().Where(e => rosters.Contains(e.RosterId) && e.State == EnrolmentState.Waiting)
            .OrderBy(e => e.CreatedAt).ThenBy(e => e.Id).ToListAsync(ct);
        return WaitingPositions(waiting);
    }

    /// <summary>The pseudonyms of a support group's members, each opened with its own space's key.</summary>
    private async Task<Dictionary<Guid, IReadOnlyList<string>>> MembersAsync(HashSet<Guid> activityIds, CancellationToken ct)
    {
        if (activityIds.Count == 0)
        {
            return [];
        }

        var members = await db.GroupEnrolments.AsNoTracking()
            .Where(e => activityIds.Contains(e.ActivityId) && e.SessionId == null && e.State == EnrolmentState.Confirmed)
            .Join(db.BeneficiarySpaces.Include(s => s.DataKey), e => e.SpaceId, s => s.Id, (e, s) => new { e.Id, e.ActivityId, e.Pseudonym, s.DataKey, e.ConfirmedAt })
            .ToListAsync(ct);
        return members.GroupBy(m => m.ActivityId).ToDictionary(
            g => g.Key,
            g => (IReadOnlyList<string>)g.OrderBy(m => m.ConfirmedAt).Select(m => crypto.Open(m.DataKey!, m.Pseudonym, GroupActivities.PseudonymPurpose(m.Id))).ToList());
    }
}
