using System.Globalization;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using Tandem.Core.Cases;
using Tandem.Core.Common;
using Tandem.Core.Data;
using Tandem.Core.Practitioners;
using Tandem.Core.Requests;
using Tandem.Core.Scheduling;
using Tandem.Core.Security;
using Tandem.Core.Security.Audit;
using Tandem.Core.Security.Encryption;

namespace Tandem.Core.Groups;

public sealed record GroupSessionView(Guid SessionId, Instant Start, Instant End, int Capacity, int Taken, int Waiting, bool Cancelled, int? Present);

public sealed record GroupActivityView(
    Guid ActivityId, ActivityKind Kind, string Title, string? Theme, string? Description, IReadOnlyList<SlotPractitioner> Facilitators,
    Modality Modality, string? Place, string? Access, string? VideoLink, int Capacity, int Taken, int Waiting, bool Closed, IReadOnlyList<GroupSessionView> Sessions);

/// <summary>One person on a roster, as the facilitators and the coordination see them: a pseudonym, nothing else.</summary>
public sealed record RosterEntry(Guid EnrolmentId, Guid? SessionId, string Pseudonym, EnrolmentState State, int? WaitingPosition, IReadOnlyDictionary<Guid, bool> Attendance);

public sealed record GroupActivityDetail(GroupActivityView Activity, IReadOnlyList<RosterEntry> Roster, bool MayManage, bool MayRecordAttendance);

public sealed record ActivityInput(
    ActivityKind? Kind, string? Title, string? Theme, string? Description, IReadOnlyList<Guid>? FacilitatorIds, Modality? Modality, string? Place, string? Access, int? Capacity);

/// <param name="Repeat">How many monthly meetings from <paramref name="Start"/>, on the same weekday of the month (a support group); 1 for one session.</param>
public sealed record SessionsInput(Instant? Start, int? Minutes, int? Repeat, int? Capacity);

public static class GroupMessages
{
    public const string KindRequired = "Error.GroupKindRequired";
    public const string ThemeUnknown = "Error.WorkshopThemeUnknown";
    public const string Facilitators = "Error.GroupFacilitators";
    public const string ModalityGroup = "Error.GroupModality";
    public const string PlaceRequired = "Error.GroupPlaceRequired";
    public const string CapacityGroup = "Error.GroupCapacity";
    public const string CapacityWorkshop = "Error.WorkshopCapacity";
    public const string SessionInPast = "Error.GroupSessionInPast";
    public const string SessionMinutes = "Error.GroupSessionMinutes";
    public const string Repeat = "Error.GroupRepeat";
    public const string NotYetHeld = "Error.GroupSessionNotYetHeld";
    public const string SessionCancelled = "Error.GroupSessionCancelled";
    public const string Closed = "Error.GroupClosed";
    public const string NotEligible = "Error.GroupNotEligible";
    public const string SessionRequired = "Error.GroupSessionRequired";
    public const string SessionOver = "Error.GroupSessionOver";
    public const string PseudonymRequired = "Error.GroupPseudonymRequired";
}

/// <summary>
/// Support groups and workshops from the staff side: the coordination sets them up and plans
/// their sessions; the facilitators record who came. Both see the roster by pseudonym only.
/// </summary>
public sealed class GroupActivities(
    TandemDbContext db, CaseAccess caseAccess, EnvelopeCrypto crypto, SchedulingSettings settings, Mail.Outbox outbox, AuditTrail audit, IClock clock)
{
    public const int MaxGroupMembers = 12;
    public const int MaxWorkshopPlaces = 40;
    public const int MaxTitleLength = 120;
    public const int MaxDescriptionLength = 2000;
    public const int MaxPlaceLength = 300;
    public const int MaxRepeat = 12;
    public const int MinSessionMinutes = 30;
    public const int MaxSessionMinutes = 480;

    public static string PseudonymPurpose(Guid enrolmentId) => $"group.pseudonym:{enrolmentId:D}";

    public async Task<IReadOnlyList<GroupActivityView>> ListAsync(Guid userId, CancellationToken ct = default)
    {
        var (role, profile) = await WhoAsync(userId, ct);
        var query = db.GroupActivities.AsNoTracking().Include(a => a.Sessions).AsQueryable();
        if (role is not (Roles.Coordinator or Roles.Administrator))
        {
            query = query.Where(a => profile != null && (a.FirstFacilitatorId == profile || a.SecondFacilitatorId == profile));
        }

        var activities = await query.OrderBy(a => a.ClosedAt != null).ThenBy(a => a.Kind).ThenBy(a => a.Title).ToListAsync(ct);
        return await ViewsAsync(activities, ct);
    }

    /// <returns>The activity with its roster, for its facilitators, the coordination and administrators; null for anyone else.</returns>
    public async Task<GroupActivityDetail?> ReadAsync(Guid userId, Guid activityId, CancellationToken ct = default)
    {
        var (role, profile) = await WhoAsync(userId, ct);
        var activity = await db.GroupActivities.AsNoTracking().Include(a => a.Sessions).FirstOrDefaultAsync(a => a.Id == activityId, ct);
        if (activity is null)
        {
            return null;
        }

        var facilitator = profile is { } p && (activity.FirstFacilitatorId == p || activity.SecondFacilitatorId == p);
        var manager = role is Roles.Coordinator or Roles.Administrator;
        if (!facilitator && !manager)
        {
            return null;
        }

        var enrolments = await db.GroupEnrolments.AsNoTracking().Where(e => e.ActivityId == activityId && e.State != EnrolmentState.Cancelled)
            .OrderBy(e => e.CreatedAt).ThenBy(e => e.Id).ToListAsync(ct);
        var spaceIds = enrolments.Select(e => e.SpaceId).Distinct().ToList();
        var keys = await db.BeneficiarySpaces.AsNoTracking().Include(s => s.DataKey).Where(s => spaceIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => s.DataKey!, ct);
        var enrolmentIds = enrolments.Select(e => e.Id).ToList();
        var attendance = await db.GroupAttendances.AsNoTracking().Where(x => enrolmentIds.Contains(x.EnrolmentId)).ToListAsync(ct);
        var positions = GroupEnrolments.WaitingPositions(enrolments);
        var roster = enrolments.Select(e => new RosterEntry(
            e.Id,
            e.SessionId,
            crypto.Open(keys[e.SpaceId], e.Pseudonym, PseudonymPurpose(e.Id)),
            e.State,
            positions.TryGetValue(e.Id, out var position) ? position : null,
            attendance.Where(x => x.EnrolmentId == e.Id).ToDictionary(x => x.SessionId, x => x.Present))).ToList();
        // The counts come from the rows already read: no second look at the same tables.
        var waiting = enrolments.Where(e => e.State == EnrolmentState.Waiting).GroupBy(e => e.RosterId).ToDictionary(g => g.Key, g => g.Count());
        var present = attendance.GroupBy(x => x.SessionId).ToDictionary(g => g.Key, g => g.Count(x => x.Present));
        return new GroupActivityDetail((await ViewsAsync([activity], ct, waiting, present))[0], roster, manager, facilitator);
    }

    public async Task<Outcome<Guid>> CreateAsync(Guid actorId, ActivityInput input, CancellationToken ct = default)
    {
        if (!await db.IsCoordinationAsync(actorId, ct))
        {
            return Outcome<Guid>.Fail(OutcomeStatus.NotFound, Messages.NotFound);
        }

        var facilitators = (input.FacilitatorIds ?? []).Distinct().ToList();
        var known = await db.PractitionerProfiles.CountAsync(p => facilitators.Contains(p.Id)
            && db.Users.Any(u => u.Id == p.UserId && u.DeactivatedAt == null), ct);
        var title = input.Title?.Trim();
        var errors = new FieldErrors()
            .AddIf(input.Kind is null || !Enum.IsDefined(input.Kind.Value), "kind", GroupMessages.KindRequired)
            .AddIf(input.Kind == ActivityKind.Workshop && !WorkshopCatalogue.IsKnown(input.Theme), "theme", GroupMessages.ThemeUnknown)
            .AddIf(input.Kind == ActivityKind.SupportGroup && string.IsNullOrWhiteSpace(title), "title", Messages.Required)
            .AddIf(title is { Length: > MaxTitleLength }, "title", Messages.TooLong)
            .AddIf(input.Description is { Length: > MaxDescriptionLength }, "description", Messages.TooLong)
            .AddIf(facilitators.Count is < 1 or > 2 || known != facilitators.Count, "facilitatorIds", GroupMessages.Facilitators)
            .AddIf(input.Modality is not (Modality.InPerson or Modality.Video), "modality", GroupMessages.ModalityGroup)
            .AddIf(input.Modality == Modality.InPerson && string.IsNullOrWhiteSpace(input.Place), "place", GroupMessages.PlaceRequired)
            .AddIf(input.Place is { Length: > MaxPlaceLength }, "place", Messages.TooLong)
            .AddIf(input.Access is { Length: > MaxPlaceLength }, "access", Messages.TooLong)
            .AddIf(input.Kind == ActivityKind.SupportGroup && input.Capacity is not (>= 2 and <= MaxGroupMembers), "capacity", GroupMessages.CapacityGroup)
            .AddIf(input.Kind == ActivityKind.Workshop && input.Capacity is not (>= 2 and <= MaxWorkshopPlaces), "capacity", GroupMessages.CapacityWorkshop);
        if (errors.Any)
        {
            return Outcome<Guid>.Invalid(errors);
        }

        var activity = new GroupActivity
        {
            Id = Guid.NewGuid(),
            Kind = input.Kind!.Value,
            Title = string.IsNullOrWhiteSpace(title) ? input.Theme! : title,
            Theme = input.Kind == ActivityKind.Workshop ? input.Theme : null,
            Description = string.IsNullOrWhiteSpace(input.Description) ? null : input.Description.Trim(),
            FirstFacilitatorId = facilitators[0],
            SecondFacilitatorId = facilitators.Count > 1 ? facilitators[1] : null,
            Modality = input.Modality!.Value,
            Place = input.Modality == Modality.InPerson ? input.Place!.Trim() : null,
            Access = input.Modality == Modality.InPerson && !string.IsNullOrWhiteSpace(input.Access) ? input.Access.Trim() : null,
            VideoRoom = input.Modality == Modality.Video ? Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16)) : null,
            Capacity = input.Capacity!.Value,
            CreatedAt = clock.GetCurrentInstant(),
        };
        db.GroupActivities.Add(activity);
        await db.SaveChangesAsync(ct);
        await audit.AppendAsync(AuditTrail.Staff(actorId), "group.created", activity.Id.ToString(),
            new Dictionary<string, string?> { ["kind"] = Codes(activity.Kind) }, ct);
        return Outcome<Guid>.Ok(activity.Id);
    }

    /// <summary>
    /// Plans one session, or a support group's monthly meetings on the same weekday of the month
    /// (the second Tuesday, say). Members of a support group are reminded of each new meeting.
    /// </summary>
    public async Task<Outcome<IReadOnlyList<Guid>>> AddSessionsAsync(Guid actorId, Guid activityId, SessionsInput input, CancellationToken ct = default)
    {
        var activity = await db.IsCoordinationAsync(actorId, ct) ? await db.GroupActivities.FirstOrDefaultAsync(a => a.Id == activityId, ct) : null;
        if (activity is null)
        {
            return Outcome<IReadOnlyList<Guid>>.Fail(OutcomeStatus.NotFound, Messages.NotFound);
        }

        var now = clock.GetCurrentInstant();
        var capacity = input.Capacity ?? activity.Capacity;
        var errors = new FieldErrors()
            .AddIf(input.Start is null, "start", Messages.Required)
            .AddIf(input.Start is { } s && s <= now, "start", GroupMessages.SessionInPast)
            .AddIf(input.Minutes is not (>= MinSessionMinutes and <= MaxSessionMinutes), "minutes", GroupMessages.SessionMinutes)
            .AddIf(input.Repeat is { } r && (r < 1 || r > MaxRepeat || (r > 1 && activity.Kind != ActivityKind.SupportGroup)), "repeat", GroupMessages.Repeat)
            .AddIf(activity.Kind == ActivityKind.Workshop && capacity is not (>= 2 and <= MaxWorkshopPlaces), "capacity", GroupMessages.CapacityWorkshop);
        if (activity.ClosedAt is not null)
        {
            return Outcome<IReadOnlyList<Guid>>.Fail(OutcomeStatus.Conflict, GroupMessages.Closed);
        }

        if (errors.Any)
        {
            return Outcome<IReadOnlyList<Guid>>.Invalid(errors);
        }

        var length = Duration.FromMinutes(input.Minutes!.Value);
        var sessions = MonthlyStarts(input.Start!.Value, input.Repeat ?? 1, settings.Zone)
            .Select(start => new GroupSession
            {
                Id = Guid.NewGuid(),
                ActivityId = activity.Id,
                Start = start,
                End = start + length,
                Capacity = activity.Kind == ActivityKind.Workshop ? capacity : 0,
            })
            .ToList();
        db.GroupSessions.AddRange(sessions);
        if (activity.Kind == ActivityKind.SupportGroup)
        {
            var members = await db.GroupEnrolments.Where(e => e.RosterId == activity.Id && e.State == EnrolmentState.Confirmed).Select(e => e.Id).ToListAsync(ct);
            foreach (var session in sessions)
            {
                foreach (var member in members)
                {
                    outbox.GroupReminder(member, session.Id, session.Start);
                }
            }
        }

        await db.SaveChangesAsync(ct);
        await audit.AppendAsync(AuditTrail.Staff(actorId), "group.sessions_planned", activity.Id.ToString(),
            new Dictionary<string, string?> { ["count"] = sessions.Count.ToString(CultureInfo.InvariantCulture) }, ct);
        return Outcome<IReadOnlyList<Guid>>.Ok(sessions.Select(s => s.Id).ToList());
    }

    /// <summary>The same weekday of the month as the first (its first, second… or last occurrence), month after month.</summary>
    public static IEnumerable<Instant> MonthlyStarts(Instant first, int count, DateTimeZone zone)
    {
        var local = first.InZone(zone).LocalDateTime;
        var nth = ((local.Day - 1) / 7) + 1;
        for (var i = 0; i < count; i++)
        {
            var month = local.Date.PlusMonths(i);
            var firstOfMonth = new LocalDate(month.Year, month.Month, 1);
            var date = firstOfMonth.With(DateAdjusters.NextOrSame(local.DayOfWeek)).PlusWeeks(nth - 1);
            if (date.Month != month.Month)
            {
                date = date.PlusWeeks(-1);
            }

            yield return (date + local.TimeOfDay).InZoneLeniently(zone).ToInstant();
        }
    }

    /// <summary>
    /// Cancels one session for everyone (the coordination only: one person leaving never cancels
    /// a session for the others). Those on it are told; their reminders are dropped; a workshop's
    /// registrations for it end with it.
    /// </summary>
    public async Task<Outcome<bool>> CancelSessionAsync(Guid actorId, Guid activityId, Guid sessionId, CancellationToken ct = default)
    {
        var session = await db.IsCoordinationAsync(actorId, ct) ? await db.GroupSessions.FirstOrDefaultAsync(s => s.Id == sessionId && s.ActivityId == activityId, ct) : null;
        if (session is null)
        {
            return Outcome<bool>.Fail(OutcomeStatus.NotFound, Messages.NotFound);
        }

        if (session.CancelledAt is not null)
        {
            return Outcome<bool>.Ok(true);
        }

        if (session.Start <= clock.GetCurrentInstant())
        {
            return Outcome<bool>.Fail(OutcomeStatus.Conflict, GroupMessages.SessionOver);
        }

        var activity = await db.GroupActivities.AsNoTracking().FirstAsync(a => a.Id == activityId, ct);
        var rosterId = activity.Kind == ActivityKind.SupportGroup ? activity.Id : session.Id;
        var told = await db.GroupEnrolments.Where(e => e.RosterId == rosterId && e.State == EnrolmentState.Confirmed).Select(e => e.Id).ToListAsync(ct);
        var now = clock.GetCurrentInstant();
        session.CancelledAt = now;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await outbox.GroupSessionCancelledAsync(sessionId, told, ct);
        if (activity.Kind == ActivityKind.Workshop)
        {
            // A workshop's places were for that session only: they end with it (those waiting too).
            session.Taken = 0;
            await db.GroupEnrolments.Where(e => e.SessionId == sessionId && e.State != EnrolmentState.Cancelled)
                .ExecuteUpdateAsync(x => x.SetProperty(e => e.State, EnrolmentState.Cancelled).SetProperty(e => e.CancelledAt, now), ct);
        }

        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        await audit.AppendAsync(AuditTrail.Staff(actorId), "group.session_cancelled", sessionId.ToString(), null, ct);
        return Outcome<bool>.Ok(true);
    }

    /// <summary>Closes an activity: no one may join any more; the sessions already planned stay.</summary>
    public async Task<Outcome<bool>> CloseAsync(Guid actorId, Guid activityId, CancellationToken ct = default)
    {
        if (!await db.IsCoordinationAsync(actorId, ct))
        {
            return Outcome<bool>.Fail(OutcomeStatus.NotFound, Messages.NotFound);
        }

        var closed = await db.GroupActivities.Where(a => a.Id == activityId && a.ClosedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.ClosedAt, clock.GetCurrentInstant()), ct);
        if (closed == 0)
        {
            return await db.GroupActivities.AnyAsync(a => a.Id == activityId, ct) ? Outcome<bool>.Ok(true) : Outcome<bool>.Fail(OutcomeStatus.NotFound, Messages.NotFound);
        }

        await audit.AppendAsync(AuditTrail.Staff(actorId), "group.closed", activityId.ToString(), null, ct);
        return Outcome<bool>.Ok(true);
    }

    /// <summary>
    /// A facilitator records who came to a session that has begun: the members listed as present,
    /// every other confirmed member absent. Recording again replaces the previous record.
    /// </summary>
    public async Task<Outcome<int>> RecordAttendanceAsync(Guid userId, Guid activityId, Guid sessionId, IReadOnlyCollection<Guid>? present, CancellationToken ct = default)
    {
        var (_, profile) = await WhoAsync(userId, ct);
        var activity = profile is { } p
            ? await db.GroupActivities.AsNoTracking().FirstOrDefaultAsync(a => a.Id == activityId && (a.FirstFacilitatorId == p || a.SecondFacilitatorId == p), ct)
            : null;
        var session = activity is null ? null : await db.GroupSessions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == sessionId && s.ActivityId == activityId, ct);
        if (session is null)
        {
            return Outcome<int>.Fail(OutcomeStatus.NotFound, Messages.NotFound);
        }

        if (session.CancelledAt is not null)
        {
            return Outcome<int>.Fail(OutcomeStatus.Conflict, GroupMessages.SessionCancelled);
        }

        var now = clock.GetCurrentInstant();
        if (session.Start > now)
        {
            return Outcome<int>.Fail(OutcomeStatus.Conflict, GroupMessages.NotYetHeld);
        }

        var rosterId = activity!.Kind == ActivityKind.SupportGroup ? activity.Id : session.Id;
        var members = await db.GroupEnrolments.AsNoTracking().Where(e => e.RosterId == rosterId && e.State == EnrolmentState.Confirmed).Select(e => e.Id).ToListAsync(ct);
        var listed = present ?? [];
        if (listed.Any(id => !members.Contains(id)))
        {
            return Outcome<int>.Invalid("present", Messages.NotFound);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.GroupAttendances.Where(x => x.SessionId == sessionId).ExecuteDeleteAsync(ct);
        db.GroupAttendances.AddRange(members.Select(m => new GroupAttendance
        {
            SessionId = sessionId,
            EnrolmentId = m,
            Present = listed.Contains(m),
            RecordedById = userId,
            RecordedAt = now,
        }));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        var count = members.Count(listed.Contains);
        await audit.AppendAsync(AuditTrail.Staff(userId), "group.attendance_recorded", sessionId.ToString(),
            new Dictionary<string, string?> { ["present"] = count.ToString(CultureInfo.InvariantCulture) }, ct);
        return Outcome<int>.Ok(count);
    }

    /// <summary>The pair proposes the support group and the workshops to the person, who may then join before any interview is held.</summary>
    public async Task<Outcome<bool>> ProposeAsync(Guid userId, Guid requestId, CancellationToken ct = default)
    {
        if (await caseAccess.PairMemberAsync(userId, requestId, ct) is null)
        {
            return Outcome<bool>.Fail(OutcomeStatus.NotFound, Messages.NotFound);
        }

        await db.Requests.Where(r => r.Id == requestId && r.GroupsProposedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.GroupsProposedAt, clock.GetCurrentInstant()), ct);
        await audit.AppendAsync(AuditTrail.Staff(userId), "group.proposed", requestId.ToString(), null, ct);
        return Outcome<bool>.Ok(true);
    }

    /// <param name="waiting">People waiting per roster, when the caller already read them.</param>
    /// <param name="present">People present per session, when the caller already read them.</param>
    internal async Task<IReadOnlyList<GroupActivityView>> ViewsAsync(
        IReadOnlyList<GroupActivity> activities, CancellationToken ct, Dictionary<Guid, int>? waiting = null, Dictionary<Guid, int>? present = null)
    {
        var ids = activities.SelectMany(a => new[] { a.FirstFacilitatorId, a.SecondFacilitatorId ?? Guid.Empty }).Distinct().ToList();
        var people = await db.PublicPractitionersAsync(ids, ct);
        var activityIds = activities.Select(a => a.Id).ToList();
        waiting ??= await db.GroupEnrolments.AsNoTracking().Where(e => activityIds.Contains(e.ActivityId) && e.State == EnrolmentState.Waiting)
            .GroupBy(e => e.RosterId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        present ??= await db.GroupAttendances.AsNoTracking().Where(x => db.GroupSessions.Any(s => s.Id == x.SessionId && activityIds.Contains(s.ActivityId)))
            .GroupBy(x => x.SessionId).Select(g => new { g.Key, Count = g.Count(x => x.Present) }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        SlotPractitioner Person(Guid id) => people.Of(id);
        return activities.Select(a => new GroupActivityView(
            a.Id, a.Kind, a.Title, a.Theme, a.Description,
            a.SecondFacilitatorId is { } second ? [Person(a.FirstFacilitatorId), Person(second)] : [Person(a.FirstFacilitatorId)],
            a.Modality, a.Place, a.Access, settings.VideoLink(a.VideoRoom), a.Capacity, a.Taken, waiting.GetValueOrDefault(a.Id), a.ClosedAt is not null,
            a.Sessions.OrderBy(s => s.Start).Select(s => new GroupSessionView(s.Id, s.Start, s.End, s.Capacity, s.Taken, waiting.GetValueOrDefault(s.Id), s.CancelledAt is not null,
                present.TryGetValue(s.Id, out var n) ? n : null)).ToList())).ToList();
    }

    /// <summary>The user's role and practitioner profile, in one query.</summary>
    private async Task<(string? Role, Guid? Profile)> WhoAsync(Guid userId, CancellationToken ct)
    {
        var who = await db.Users.AsNoTracking().Where(u => u.Id == userId && u.DeactivatedAt == null)
            .Select(u => new { u.Role, Profile = db.PractitionerProfiles.Where(p => p.UserId == u.Id).Select(p => (Guid?)p.Id).FirstOrDefault() })
            .FirstOrDefaultAsync(ct);
        return (who?.Role, who?.Profile);
    }

    internal static string Codes(ActivityKind kind) => kind == ActivityKind.SupportGroup ? "support_group" : "workshop";
}
