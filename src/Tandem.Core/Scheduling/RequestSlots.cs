using System.Globalization;
using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using Tandem.Core.Common;
using Tandem.Core.Data;
using Tandem.Core.Requests;
using Tandem.Core.Security;

namespace Tandem.Core.Scheduling;

public sealed record SlotPractitioner(Guid PractitionerId, string Name, string Discipline);

public sealed record SlotView(string SlotId, Instant Start, Instant End, Modality Modality, bool Suited, IReadOnlyList<SlotPractitioner> Practitioners);

/// <summary>Which interview is to be booked next, and its slots.</summary>
public sealed record SlotOffer(AppointmentKind Kind, IReadOnlyList<SlotView> Slots);

/// <summary>
/// The first-interview slots of an accepted request: pairs of two disciplines, both free
/// for the whole interview in the modality asked, none with a declared link to the
/// person's organisation; pairs suited to the themes first.
/// </summary>
public sealed class RequestSlots(TandemDbContext db, SchedulingSettings settings, FreeTimeCache freeTime, IClock clock)
{
    // Runs on every slot search and every booking, compiled once: one query for the request, the pairs
    // suited to its themes, the pairs it excluded and its appointments not cancelled. Built anew on each
    // call, its tree was walked and its plan looked up every time: in a profile of bookings under load,
    // building and reading the trees of a booking's queries took about a tenth of the app's processor time.
    private static readonly PerModel<Func<TandemDbContext, Guid, Guid?, CancellationToken, Task<PreparedRow?>>> Prepared = new(() =>
        EF.CompileAsyncQuery((TandemDbContext db, Guid requestId, Guid? spaceId, CancellationToken ct) =>
            db.Requests.AsNoTracking()
                .Where(r => r.Id == requestId && (spaceId == null || r.SpaceId == spaceId))
                .Select(r => new PreparedRow(
                    new SlotRequest(r.Status, r.Modality, r.OrganisationId, r.DepartmentId, r.Collective ? r.Participants : 1),
                    (from t in r.Themes join p in db.SuitedPairs on t.Code equals p.Theme select new DisciplinePair(p.DisciplineA, p.DisciplineB)).ToList(),
                    db.ExcludedPairs.Where(p => p.RequestId == r.Id).Select(p => new PractitionerPair(p.PractitionerA, p.PractitionerB)).ToList(),
                    db.Appointments.Where(a => a.RequestId == r.Id && a.CancelledAt == null)
                        .Select(a => new ActiveInterview(a.Id, a.Kind, a.Attendance, a.Start, a.FirstPractitionerId, a.SecondPractitionerId)).ToList()))
                .FirstOrDefault()));

    public static string SlotId(CandidateSlot slot) =>
        string.Create(CultureInfo.InvariantCulture, $"{slot.Start.ToUnixTimeSeconds()}.{slot.First:N}.{slot.Second:N}");

    /// <param name="spaceId">When the caller is the person: the request must be theirs, else it does not exist.</param>
    public Task<Outcome<IReadOnlyList<SlotView>>> ListAsync(Guid requestId, Guid? spaceId, CancellationToken ct = default) => ListAsync(requestId, spaceId, null, ct);

    /// <param name="from">Slots from that day on (still within the period the rules allow); the first ones otherwise.</param>
    public async Task<Outcome<IReadOnlyList<SlotView>>> ListAsync(Guid requestId, Guid? spaceId, Guid? replacing, CancellationToken ct, LocalDate? from = null)
    {
        var offer = await OfferAsync(requestId, spaceId, replacing, ct, from);
        return offer.Succeeded
            ? Outcome<IReadOnlyList<SlotView>>.Ok(offer.Value!.Slots)
            : Outcome<IReadOnlyList<SlotView>>.Fail(offer.Status, offer.Errors.Values.SelectMany(v => v).FirstOrDefault());
    }

    /// <summary>
    /// The next interview to book: the first one; or, once the first is marked held, the
    /// second one between 21 and 42 days after it (configurable) with the same pair, other
    /// pairs only when the same pair has no slot then.
    /// </summary>
    public Task<Outcome<SlotOffer>> OfferAsync(Guid requestId, Guid? spaceId, CancellationToken ct = default) => OfferAsync(requestId, spaceId, null, ct);

    /// <param name="replacing">An appointment being moved: it counts neither as booked nor as taking its practitioners' time.</param>
    public async Task<Outcome<SlotOffer>> OfferAsync(Guid requestId, Guid? spaceId, Guid? replacing, CancellationToken ct, LocalDate? from = null)
    {
        var prepared = await PrepareAsync(requestId, spaceId, replacing, ct, from);
        if (!prepared.Succeeded)
        {
            return Outcome<SlotOffer>.Fail(prepared.Status, prepared.Errors.Values.SelectMany(v => v).FirstOrDefault());
        }

        var context = prepared.Value!;

        // Everyone's free time is kept between searches; moving an appointment frees its time, so that search reads it.
        var kept = replacing is null ? await freeTime.WithinAsync(db, context.Query.Modality, context.Query.From, context.Query.To, ct) : null;
        var practitioners = kept is not null
            ? EligibleAmong(kept, context.Request)
            : await LoadAsync(context.Request, context.Query, replacing, null, ct);
        IReadOnlyList<CandidateSlot> candidates = [];
        if (context.First is { } first)
        {
            // The second interview: the same pair when it has a slot then, other pairs only when it has none.
            candidates = Find(context, practitioners.Where(p => IsOf(p.Availability.PractitionerId, first)).ToList(), settings.MaxSlotsListed);
        }

        if (candidates.Count == 0)
        {
            candidates = Find(context, practitioners, settings.MaxSlotsListed);
        }

        var names = practitioners.ToDictionary(p => p.Availability.PractitionerId, p => p.Name);
        return Outcome<SlotOffer>.Ok(new SlotOffer(context.Kind, candidates.Select(c => View(c, c.First, context.Request.Modality, names)).ToList()));
    }

    /// <summary>
    /// Whether one slot, by its id, can be booked now for the request: its two practitioners free
    /// for the whole interview, the pair allowed, and for a second interview the same pair unless it
    /// has no slot then. Only the two practitioners are read, not the whole team.
    /// </summary>
    /// <returns>Also the two practitioners as an appointment shows them (their name and first discipline), read with them.</returns>
    public async Task<Outcome<CheckedSlot>> CheckAsync(Guid requestId, Guid? spaceId, Guid? replacing, string? slotId, CancellationToken ct)
    {
        var prepared = await PrepareAsync(requestId, spaceId, replacing, ct);
        if (!prepared.Succeeded)
        {
            return Outcome<CheckedSlot>.Fail(prepared.Status, prepared.Errors.Values.SelectMany(v => v).FirstOrDefault());
        }

        var context = prepared.Value!;
        if (ParseSlot(slotId) is not { Start: { } start } slot || start < context.Query.From || start + context.Query.Length > context.Query.To)
        {
            return Outcome<CheckedSlot>.Fail(OutcomeStatus.Conflict, SchedulingMessages.SlotTaken);
        }

        // Only the slot's own time is read and swept: starts fall on the same grid whatever the period's
        // bounds, so a period of one interview offers that slot exactly when the whole period does.
        var pair = (slot.First, slot.Second);
        var at = context with { Query = context.Query with { From = start, To = start + context.Query.Length } };
        var practitioners = await LoadAsync(at.Request, at.Query, replacing, [pair.First, pair.Second], ct);
        var found = Find(at, practitioners, int.MaxValue)
            .FirstOrDefault(c => c.Start == start && IsOf(c.First, pair) && IsOf(c.Second, pair));
        if (found is null)
        {
            return Outcome<CheckedSlot>.Fail(OutcomeStatus.Conflict, SchedulingMessages.SlotTaken);
        }

        if (context.First is { } first && !(IsOf(pair.First, first) && IsOf(pair.Second, first)))
        {
            var samePair = await LoadAsync(context.Request, context.Query, replacing, [first.FirstPractitionerId, first.SecondPractitionerId], ct);
            if (Find(context, samePair, 1).Count > 0)
            {
                return Outcome<CheckedSlot>.Fail(OutcomeStatus.Conflict, SchedulingMessages.SlotTaken);
            }
        }

        var names = practitioners.ToDictionary(p => p.Availability.PractitionerId, p => p.Name);
        var people = practitioners.ToDictionary(
            p => p.Availability.PractitionerId,
            p => new SlotPractitioner(p.Availability.PractitionerId, p.Name, p.Availability.Disciplines.Count > 0 ? p.Availability.Disciplines[0] : string.Empty));
        return Outcome<CheckedSlot>.Ok(new CheckedSlot(
            context.Kind, View(found, pair.First, context.Request.Modality, names), context.Request.Participants, people, Place(found, pair.First, practitioners)));
    }

    /// <summary>
    /// Where an interview in person is held: the place of the weekly window it falls in, the first
    /// practitioner's before the second's; none for a slot of a one-off opening or another modality.
    /// </summary>
    private WeeklyWindow? Place(CandidateSlot slot, Guid firstId, List<Eligible> practitioners)
    {
        var local = slot.Start.InZone(settings.Zone);
        return practitioners
            .OrderBy(p => p.Availability.PractitionerId == firstId ? 0 : 1)
            .SelectMany(p => p.Availability.Windows)
            .FirstOrDefault(w => w.Modality == Modality.InPerson && w.Place is not null && w.Day == local.DayOfWeek
                && w.Start <= local.TimeOfDay && local.TimeOfDay < w.End);
    }

    private static bool IsOf(Guid practitioner, ActiveInterview appointment) =>
        practitioner == appointment.FirstPractitionerId || practitioner == appointment.SecondPractitionerId;

    private static bool IsOf(Guid practitioner, (Guid First, Guid Second) pair) => practitioner == pair.First || practitioner == pair.Second;

    /// <summary>The slot as offered, its practitioners in the order given (<paramref name="firstId"/> first).</summary>
    private static SlotView View(CandidateSlot slot, Guid firstId, Modality modality, Dictionary<Guid, string> names)
    {
        var first = new SlotPractitioner(slot.First, names[slot.First], slot.FirstDiscipline);
        var second = new SlotPractitioner(slot.Second, names[slot.Second], slot.SecondDiscipline);
        return new SlotView(SlotId(slot), slot.Start, slot.End, modality, slot.Suited, firstId == slot.First ? [first, second] : [second, first]);
    }

    private static IReadOnlyList<CandidateSlot> Find(SlotContext context, List<Eligible> practitioners, int limit) =>
        context.Query.To > context.Query.From
            ? SlotFinder.Find(practitioners.Select(p => p.Availability).ToList(), practitioners.Select(p => p.Free).ToArray(), context.Query, (a, b) => context.Suited.Contains((a, b)), context.Excluded, limit)
            : [];

    /// <summary>
    /// Whether a next interview may be booked, given the request's appointments not cancelled:
    /// none yet, or the first one held and no second one.
    /// </summary>
    public static bool NextInterviewOpen(IEnumerable<(AppointmentKind Kind, Attendance Attendance)> active) =>
        active.All(a => a.Kind == AppointmentKind.First && a.Attendance == Attendance.Held);

    /// <summary>What both the listing and the check need: the request, which interview comes next, when, and the pair rules.</summary>
    private async Task<Outcome<SlotContext>> PrepareAsync(Guid requestId, Guid? spaceId, Guid? replacing, CancellationToken ct, LocalDate? fromDay = null)
    {
        var found = await Prepared.For(db)(db, requestId, spaceId, ct);
        if (found is null)
        {
            return Outcome<SlotContext>.Fail(OutcomeStatus.NotFound, Messages.NotFound);
        }

        var request = found.Request;
        if (request.Status != RequestStatus.Accepted)
        {
            return Outcome<SlotContext>.Fail(OutcomeStatus.Conflict, SchedulingMessages.NotAccepted);
        }

        if (replacing is not null && !found.Active.Any(a => a.Id == replacing && a.Attendance == Attendance.Pending))
        {
            return Outcome<SlotContext>.Fail(OutcomeStatus.Conflict, SchedulingMessages.NotMovable);
        }

        var active = found.Active.Where(a => a.Id != replacing).ToList();
        var first = active.FirstOrDefault(a => a.Kind == AppointmentKind.First);
        if (!NextInterviewOpen(active.Select(a => (a.Kind, a.Attendance))))
        {
            return Outcome<SlotContext>.Fail(OutcomeStatus.Conflict, SchedulingMessages.AlreadyBooked);
        }

        var now = clock.GetCurrentInstant();
        var earliest = now + Duration.FromHours(settings.MinimumNoticeHours);
        var kind = first is null ? AppointmentKind.First : AppointmentKind.Second;
        var (from, to) = kind == AppointmentKind.First
            ? (earliest, now + Duration.FromDays(7 * settings.WeeksAhead))
            : (Max(earliest, first!.Start + Duration.FromDays(settings.SecondInterviewFromDays)), first.Start + Duration.FromDays(settings.SecondInterviewToDays));
        if (fromDay is { } day && day.AtStartOfDayInZone(settings.Zone).ToInstant() > from)
        {
            from = day.AtStartOfDayInZone(settings.Zone).ToInstant();
        }

        var query = new SlotQuery(from, to, Duration.FromMinutes(settings.InterviewMinutes), request.Modality, Duration.FromMinutes(settings.StepMinutes));
        var suited = found.Suited.Select(p => (p.A, p.B)).ToHashSet();
        var excluded = found.Excluded.Select(p => (p.A, p.B)).ToHashSet();
        return Outcome<SlotContext>.Ok(new SlotContext(request, first, kind, query, suited, excluded));
    }

    /// <summary>What a request's slots depend on, as <see cref="Prepared"/> reads it.</summary>
    private sealed record PreparedRow(SlotRequest Request, List<DisciplinePair> Suited, List<PractitionerPair> Excluded, List<ActiveInterview> Active);

    private sealed record DisciplinePair(string A, string B);

    private sealed record PractitionerPair(Guid A, Guid B);

    /// <summary>What the slots depend on in a request.</summary>
    private sealed record SlotRequest(RequestStatus Status, Modality Modality, Guid? OrganisationId, Guid? DepartmentId, int Participants);

    /// <summary>An appointment of the request, not cancelled: what decides the next interview and its pair.</summary>
    private sealed record ActiveInterview(Guid Id, AppointmentKind Kind, Attendance Attendance, Instant Start, Guid FirstPractitionerId, Guid SecondPractitionerId);

    private sealed record SlotContext(
        SlotRequest Request, ActiveInterview? First, AppointmentKind Kind, SlotQuery Query, HashSet<(string, string)> Suited, HashSet<(Guid, Guid)> Excluded);

    private static Instant Max(Instant a, Instant b) => a > b ? a : b;

    /// <summary>"I know one of these people": the pair of that slot is never offered again for the request.</summary>
    public async Task<Outcome<bool>> ExcludePairAsync(Guid requestId, string? slotId, Guid? spaceId, CancellationToken ct = default)
    {
        if (!await db.Requests.AnyAsync(r => r.Id == requestId && (spaceId == null || r.SpaceId == spaceId), ct))
        {
            return Outcome<bool>.Fail(OutcomeStatus.NotFound, Messages.NotFound);
        }

        if (ParseSlot(slotId) is not { } pair)
        {
            return Outcome<bool>.Invalid("slotId", Messages.Required);
        }

        var (a, b) = ExcludedPair.Canonical(pair.First, pair.Second);
        if (!await db.ExcludedPairs.AnyAsync(p => p.RequestId == requestId && p.PractitionerA == a && p.PractitionerB == b, ct))
        {
            db.ExcludedPairs.Add(new ExcludedPair { RequestId = requestId, PractitionerA = a, PractitionerB = b });
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                // Said twice at once: once is enough.
            }
        }

        return Outcome<bool>.Ok(true);
    }

    /// <summary>A slot id's pair, and its start when that part is one (the pair alone is enough to exclude it).</summary>
    private static (Instant? Start, Guid First, Guid Second)? ParseSlot(string? slotId)
    {
        var parts = slotId?.Split('.') ?? [];
        if (parts.Length != 3 || !Guid.TryParseExact(parts[1], "N", out var first) || !Guid.TryParseExact(parts[2], "N", out var second))
        {
            return null;
        }

        Instant? start = long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds <= Instant.MaxValue.ToUnixTimeSeconds()
            ? Instant.FromUnixTimeSeconds(seconds)
            : null;
        return (start, first, second);
    }

    /// <summary>The practitioners who may sit with this request, by id: active, with no declared link to its organisation or department.</summary>
    private static List<Eligible> EligibleAmong(IEnumerable<(PractitionerSchedule Schedule, IReadOnlyList<Interval> Free)> schedules, SlotRequest request) =>
        schedules
            .Where(p => p.Schedule.Active
                && !(request.OrganisationId is { } org && p.Schedule.Links.Any(l => l.Organisation == org && (l.Department == null || l.Department == request.DepartmentId))))
            .OrderBy(p => p.Schedule.Availability.PractitionerId)
            .Select(p => new Eligible(p.Schedule.Availability, p.Schedule.Name, p.Free))
            .ToList();

    /// <param name="only">When checking one slot: its two practitioners, nobody else is read.</param>
    private async Task<List<Eligible>> LoadAsync(SlotRequest request, SlotQuery query, Guid? replacing, IReadOnlyCollection<Guid>? only, CancellationToken ct) =>
        EligibleAmong((await SchedulesAsync(db, query.Modality, query.From, query.To, replacing, only, ct)).Select(s => (s, SlotFinder.FreeIntervals(s.Availability, query, settings.Zone))), request);

    /// <summary>A practitioner who may sit with the request, and when they are free within the period searched.</summary>
    private sealed record Eligible(PractitionerAvailability Availability, string Name, IReadOnlyList<Interval> Free);

    /// <summary>
    /// What slot search needs of practitioners, for one modality and period, whatever the request:
    /// each one's disciplines, whether active, their declared links, their windows and openings, and
    /// when they are taken (leave, appointments): two queries for a few practitioners, six for everyone,
    /// however many they are. The windows' places are read when a few are (a booking's two, those a change marked).
    /// </summary>
    /// <param name="modality">The windows and openings of that modality; of every modality when null.</param>
    /// <param name="replacing">An appointment being moved: its time counts as free.</param>
    /// <param name="only">Those practitioners only; everyone otherwise.</param>
    internal static async Task<List<PractitionerSchedule>> SchedulesAsync(
        TandemDbContext db, Modality? modality, Instant from, Instant to, Guid? replacing, IReadOnlyCollection<Guid>? only, CancellationToken ct)
    {
        var people = new List<ScheduleRow>();
        var rows = only switch
        {
            null => EveryonesSchedules.For(db)(db, false, modality),
            { Count: 1 or 2 } => PairsSchedules.For(db)(db, only.First(), only.Last(), true, modality),
            _ => FewSchedules.For(db)(db, only.ToArray(), true, modality),
        };
        await foreach (var row in rows.WithCancellation(ct))
        {
            people.Add(row);
        }

        var taken = new List<BusyRow>();
        var earliest = from - Appointment.LongestInterview;
        var busyRows = people.Count is 1 or 2
            ? PairsBusy.For(db)(db, people[0].Id, people[^1].Id, from, to, earliest, replacing)
            : FewBusy.For(db)(db, people.Select(p => p.Id).ToArray(), from, to, earliest, replacing);
        await foreach (var row in busyRows.WithCancellation(ct))
        {
            taken.Add(row);
        }

        var busy = taken.ToLookup(b => b.PractitionerId, b => new Interval(b.Start, b.End));
        return people.Select(p => new PractitionerSchedule(
                p.PublicName,
                p.Active,
                p.Links.Select(l => (l.OrganisationId, l.DepartmentId)).ToList(),
                new PractitionerAvailability(p.Id, p.Disciplines, p.Windows, p.Openings, busy[p.Id].ToList())))
            .ToList();
    }

    // SchedulesAsync's queries, compiled once (slot search and booking run them all the time). Each is
    // written once with the practitioners to read as a filter, bound three ways: everyone, a list, or one
    // or two named (a booking's pair). The pair's ids are two parameters rather than a list: PostgreSQL
    // plans a statement filtering on "= ANY(list)" again on every call (it cannot tell how long the list
    // is), which for the schedules' joins cost more than running them, once per booking.

    // Each practitioner the filter keeps, with their windows and openings of the modality (of every
    // modality when null), the windows' places when asked (a booking's two, those a change marked).
    private static readonly Expression<Func<TandemDbContext, Func<Guid, bool>, bool, Modality?, IQueryable<ScheduleRow>>> ScheduleRows = (db, among, withPlaces, modality) =>
        db.PractitionerProfiles.AsNoTracking()
            .Where(p => among(p.Id))
            .Select(p => new ScheduleRow(
                p.Id,
                p.PublicName,
                p.Disciplines.Select(d => d.Code).ToList(),
                db.Users.Any(u => u.Id == p.UserId && u.Role == Roles.Practitioner && u.DeactivatedAt == null),
                db.PriorLinks.Where(l => l.PractitionerId == p.Id).Select(l => new LinkRow(l.OrganisationId, l.DepartmentId)).ToList(),
                db.AvailabilityWindows.Where(w => w.PractitionerId == p.Id && (modality == null || w.Modality == modality))
                    .Select(w => new WeeklyWindow(w.Day, w.Start, w.End, w.Modality, withPlaces ? w.Place : null, withPlaces ? w.Access : null)).ToList(),
                db.AvailabilityOpenings.Where(o => o.PractitionerId == p.Id && (modality == null || o.Modality == modality))
                    .Select(o => new Opening(o.Date, o.Start, o.End, o.Modality)).ToList()));

    // A few practitioners: one query, their disciplines, links, windows and openings joined (a row per
    // combination), against five round trips. Everyone (the kept free time, read again every few seconds):
    // one query per collection, so no one's windows are multiplied by their openings.
    private static readonly PerModel<Func<TandemDbContext, Guid, Guid, bool, Modality?, IAsyncEnumerable<ScheduleRow>>> PairsSchedules =
        new(() => EF.CompileAsyncQuery(Then(QueryParts.Bind<Func<TandemDbContext, Guid, Guid, bool, Modality?, IQueryable<ScheduleRow>>>(
            ScheduleRows, (Guid first, Guid second, Guid id) => id == first || id == second), nameof(RelationalQueryableExtensions.AsSingleQuery))));

    private static readonly PerModel<Func<TandemDbContext, Guid[], bool, Modality?, IAsyncEnumerable<ScheduleRow>>> FewSchedules =
        new(() => EF.CompileAsyncQuery(Then(QueryParts.Bind<Func<TandemDbContext, Guid[], bool, Modality?, IQueryable<ScheduleRow>>>(
            ScheduleRows, (Guid[] ids, Guid id) => ids.Contains(id)), nameof(RelationalQueryableExtensions.AsSingleQuery))));

    private static readonly PerModel<Func<TandemDbContext, bool, Modality?, IAsyncEnumerable<ScheduleRow>>> EveryonesSchedules =
        new(() => EF.CompileAsyncQuery(Then(QueryParts.Bind<Func<TandemDbContext, bool, Modality?, IQueryable<ScheduleRow>>>(
            ScheduleRows, (Guid id) => true), nameof(RelationalQueryableExtensions.AsSplitQuery))));

    // Leave, and each practitioner's bookings (one row per practitioner and active appointment, by the index
    // on practitioner and start), in one query; an appointment being moved does not count.
    private static readonly Expression<Func<TandemDbContext, Func<Guid, bool>, Instant, Instant, Instant, Guid?, IQueryable<BusyRow>>> BusyRows = (db, among, from, to, earliest, replacing) =>
        db.PractitionerLeaves.AsNoTracking().Where(l => among(l.PractitionerId) && l.End > from && l.Start < to)
            .Select(l => new BusyRow { PractitionerId = l.PractitionerId, Start = l.Start, End = l.End })
            .Concat(db.PractitionerBookings.AsNoTracking()
                .Where(b => among(b.PractitionerId) && b.Start > earliest && b.Start < to && b.End > from && b.AppointmentId != replacing)
                .Select(b => new BusyRow { PractitionerId = b.PractitionerId, Start = b.Start, End = b.End }));

    private static readonly PerModel<Func<TandemDbContext, Guid, Guid, Instant, Instant, Instant, Guid?, IAsyncEnumerable<BusyRow>>> PairsBusy = new(() =>
        EF.CompileAsyncQuery(QueryParts.Bind<Func<TandemDbContext, Guid, Guid, Instant, Instant, Instant, Guid?, IQueryable<BusyRow>>>(
            BusyRows, (Guid first, Guid second, Guid id) => id == first || id == second)));

    private static readonly PerModel<Func<TandemDbContext, Guid[], Instant, Instant, Instant, Guid?, IAsyncEnumerable<BusyRow>>> FewBusy = new(() =>
        EF.CompileAsyncQuery(QueryParts.Bind<Func<TandemDbContext, Guid[], Instant, Instant, Instant, Guid?, IQueryable<BusyRow>>>(
            BusyRows, (Guid[] ids, Guid id) => ids.Contains(id))));

    /// <summary>The query with one more operator of EF Core's (how it loads collections) applied to its result.</summary>
    private static Expression<TDelegate> Then<TDelegate>(Expression<TDelegate> query, string method) =>
        Expression.Lambda<TDelegate>(Expression.Call(typeof(RelationalQueryableExtensions), method, [typeof(ScheduleRow)], query.Body), query.Parameters);

    private sealed record ScheduleRow(Guid Id, string PublicName, List<string> Disciplines, bool Active, List<LinkRow> Links, List<WeeklyWindow> Windows, List<Opening> Openings);

    private sealed record LinkRow(Guid OrganisationId, Guid? DepartmentId);

    /// <summary>A practitioner taken (leave, an appointment); with settable members, as a union of two queries needs in EF Core.</summary>
    private sealed class BusyRow
    {
        public Guid PractitionerId { get; init; }

        public Instant Start { get; init; }

        public Instant End { get; init; }
    }
}

/// <summary>
/// A slot that can be booked now: which interview, the slot, the group size, its two practitioners
/// as an appointment shows them, and for an interview in person the window that gives its place.
/// </summary>
public sealed record CheckedSlot(AppointmentKind Kind, SlotView Slot, int Participants, IReadOnlyDictionary<Guid, SlotPractitioner> People, WeeklyWindow? Place);

/// <summary>One practitioner as slot search sees them, whatever the request: what they offer and when they are taken, within a period.</summary>
internal sealed record PractitionerSchedule(
    string Name, bool Active, IReadOnlyList<(Guid Organisation, Guid? Department)> Links, PractitionerAvailability Availability);

public static class SchedulingMessages
{
    public const string NotAccepted = "Error.RequestNotAccepted";
    public const string WindowInvalid = "Error.WindowInvalid";
    public const string SlotTaken = "Error.SlotTaken";
    public const string AlreadyBooked = "Error.AlreadyBooked";
    public const string TooLateToCancel = "Error.TooLateToCancel";
    public const string NotYetHeld = "Error.NotYetHeld";
    public const string SameDiscipline = "Error.SameDiscipline";
    public const string CallbackRequired = "Error.CallbackRequired";
    public const string AgendaViewInvalid = "Error.AgendaViewInvalid";
    public const string NotMovable = "Error.NotMovable";
    public const string DateInvalid = "Error.DateInvalid";
}
