using Microsoft.EntityFrameworkCore;
using NodaTime;
using Tandem.Core.Common;
using Tandem.Core.Data;
using Tandem.Core.Practitioners;
using Tandem.Core.Requests;
using Tandem.Core.Scheduling;
using Tandem.Core.Security.Audit;

namespace Tandem.Core.Cases;

public sealed record CaseSummary(Guid RequestId, IReadOnlyList<string> Themes, Modality Modality, bool Collective, int Participants, bool Closed, Instant? NextAppointment);

public sealed record RecordView(
    bool Held, int? DurationMinutes, IReadOnlyList<string> Themes, IReadOnlyDictionary<string, AxisLevel> Axes, NextStep NextStep, string? SignpostCategory, Instant RecordedAt);

public sealed record InterviewView(AppointmentView Appointment, RecordView? Record);

public sealed record Who5View(Who5Moment Moment, int RawScore, int Percentage, Instant AnsweredAt);

public sealed record CaseView(CaseSummary Summary, IReadOnlyList<InterviewView> Interviews, IReadOnlyList<Who5View> Wellbeing, IReadOnlyList<ReferralView> Referrals, int NoteCount);

/// <summary>The case page: the case, its notes opened, and who the case can be referred to.</summary>
public sealed record CaseFolder(CaseView Case, IReadOnlyList<NoteView> Notes, IReadOnlyList<ReferralCandidate> Candidates);

public sealed record RecordInput(
    bool? Held, int? DurationMinutes, IReadOnlyList<string>? Themes, IReadOnlyDictionary<string, AxisLevel>? Axes, NextStep? NextStep, string? SignpostCategory);

public static class CaseMessages
{
    public const string DurationRange = "Error.DurationRange";
    public const string ThemeUnknown = "Error.ThemeUnknown";
    public const string AxisUnknown = "Error.AxisUnknown";
    public const string NextStepRequired = "Error.NextStepRequired";
    public const string SignpostRequired = "Error.SignpostRequired";
    public const string NotYetHeld = SchedulingMessages.NotYetHeld;
    public const string ReferralTarget = "Error.ReferralTarget";
    public const string ReferralOpen = "Error.ReferralOpen";
    public const string ReferralDecided = "Error.ReferralDecided";
    public const string Who5Answers = "Error.Who5Answers";
    public const string Who5NotOffered = "Error.Who5NotOffered";
}

/// <summary>
/// Who belongs to a case: the practitioners of its appointments that are not cancelled (the
/// pair). Everyone else — coordination, administrators, other practitioners — finds nothing.
/// Scoped: within one request, a membership found once is not looked up again by the other
/// handlers the page composes (a refusal always is, so a booking made meanwhile counts).
/// </summary>
public sealed class CaseAccess(TandemDbContext db)
{
    private readonly Dictionary<(Guid User, Guid Request), Guid> _members = [];

    public Task<Guid?> ProfileIdAsync(Guid userId, CancellationToken ct) =>
        db.PractitionerProfiles.Where(p => p.UserId == userId).Select(p => (Guid?)p.Id).FirstOrDefaultAsync(ct);

    /// <returns>The user's practitioner profile when they belong to the pair of that case, else null.</returns>
    public async Task<Guid?> PairMemberAsync(Guid userId, Guid requestId, CancellationToken ct)
    {
        if (_members.TryGetValue((userId, requestId), out var known))
        {
            return known;
        }

        var found = await InPair(userId, requestId).Select(p => (Guid?)p).FirstOrDefaultAsync(ct);
        if (found is not { } member)
        {
            return null;
        }

        _members[(userId, requestId)] = member;
        return member;
    }

    /// <summary>The user's practitioner profile if it is in the pair of the request: a query to compose into a larger read.</summary>
    internal IQueryable<Guid> InPair(Guid userId, Guid requestId) =>
        db.PractitionerProfiles
            .Where(p => p.UserId == userId
                && db.Appointments.Any(a => a.RequestId == requestId && a.CancelledAt == null && (a.FirstPractitionerId == p.Id || a.SecondPractitionerId == p.Id)))
            .Select(p => p.Id);
}

/// <summary>The case as its pair sees it, and the record of each interview.</summary>
public sealed class CaseFiles(TandemDbContext db, CaseAccess access, Booking booking, Referrals referrals, CaseNotes notes, AuditTrail audit, IClock clock)
{
    public const int MaxDurationMinutes = 480;

    /// <summary>The cases the practitioner is in the pair of, open ones first.</summary>
    public async Task<IReadOnlyList<CaseSummary>> ForPractitionerAsync(Guid userId, CancellationToken ct = default)
    {
        var profile = await access.ProfileIdAsync(userId, ct);
        if (profile is not { } p)
        {
            return [];
        }

        var ids = await db.Appointments.AsNoTracking()
            .Where(a => a.CancelledAt == null && (a.FirstPractitionerId == p || a.SecondPractitionerId == p))
            .Select(a => a.RequestId).Distinct().ToListAsync(ct);
        var summaries = await SummariesAsync(ids, ct);
        return summaries.OrderBy(s => s.Closed).ThenBy(s => s.NextAppointment ?? Instant.MaxValue).ToList();
    }

    /// <returns>The case, or null when the user is not in its pair (the caller answers 404). The read is audited.</returns>
    public async Task<CaseView?> OpenAsync(Guid userId, Guid requestId, CancellationToken ct = default) =>
        (await ReadAsync(userId, requestId, withNotes: false, ct))?.Case;

    /// <summary>
    /// The whole case page in five queries whatever the case holds: the case with its themes,
    /// WHO-5 answers and referrals; its interviews with their records; the notes opened; the
    /// practitioners (to name the pair and choose a referral). One audit entry says the case was
    /// opened and how many notes were shown.
    /// </summary>
    /// <returns>The folder, or null when the user is not in the case's pair.</returns>
    public Task<CaseFolder?> FolderAsync(Guid userId, Guid requestId, CancellationToken ct = default) =>
        ReadAsync(userId, requestId, withNotes: true, ct);

    private async Task<CaseFolder?> ReadAsync(Guid userId, Guid requestId, bool withNotes, CancellationToken ct)
    {
        var member = access.InPair(userId, requestId);
        var found = await db.Requests.AsNoTracking().Where(r => r.Id == requestId)
            .Select(r => new
            {
                Member = member.Select(p => (Guid?)p).FirstOrDefault(),
                Request = r,
                r.DataKey,
                Themes = r.Themes.Select(t => t.Code).ToList(),
                Wellbeing = db.Who5Responses.Where(w => w.RequestId == r.Id).OrderBy(w => w.AnsweredAt)
                    .Select(w => new Who5View(w.Moment, w.RawScore, w.RawScore * 4, w.AnsweredAt)).ToList(),
                Referrals = db.Referrals.Where(f => f.RequestId == r.Id).OrderBy(f => f.ProposedAt).ToList(),
                NoteCount = db.CaseNotes.Count(n => n.RequestId == r.Id),
            })
            .FirstOrDefaultAsync(ct);
        if (found?.Member is not { } profile)
        {
            return null;
        }

        var request = found.Request;
        var interviews = await db.Appointments.AsNoTracking().Where(a => a.RequestId == requestId && a.CancelledAt == null).OrderBy(a => a.Start)
            .Select(a => new
            {
                Appointment = a,
                Records = db.InterviewRecords.Where(x => x.AppointmentId == a.Id)
                    .Select(x => new { Record = x, Themes = x.Themes.Select(t => t.Code).ToList(), Axes = x.Axes.ToList() }).ToList(),
            })
            .ToListAsync(ct);
        var opened = withNotes ? await notes.OpenAllAsync(requestId, found.DataKey!, ct) : null;
        var directory = await referrals.DirectoryAsync(request.OrganisationId, request.DepartmentId, ct);
        var people = directory.ToDictionary(p => p.Id, p => p.Public);
        var participants = request.Collective ? request.Participants : 1;
        var now = clock.GetCurrentInstant();
        var summary = new CaseSummary(
            request.Id, found.Themes, request.Modality, request.Collective, request.Participants, request.ClosedAt is not null,
            interviews.Where(i => i.Appointment.End > now).Select(i => (Instant?)i.Appointment.Start).Min());
        var view = new CaseView(
            summary,
            interviews.Select(i => new InterviewView(
                booking.View(i.Appointment, people, participants),
                i.Records.Select(x => View(x.Record, x.Themes, x.Axes)).FirstOrDefault())).ToList(),
            found.Wellbeing,
            found.Referrals.Select(f => referrals.View(f, found.DataKey!, people.Of(f.ToPractitionerId).Name)).ToList(),
            found.NoteCount);
        var inPair = interviews.SelectMany(i => new[] { i.Appointment.FirstPractitionerId, i.Appointment.SecondPractitionerId }).ToHashSet();
        await audit.AppendAsync(AuditTrail.Staff(userId), "case.opened", requestId.ToString(),
            opened is null ? null : new Dictionary<string, string?> { ["notes_read"] = opened.Count.ToString(System.Globalization.CultureInfo.InvariantCulture) }, ct);
        return new CaseFolder(view, opened ?? [], Referrals.CandidatesAmong(directory, profile, inPair));
    }

    /// <summary>The pair records an interview: held or not, length, themes confirmed, the six axes, what comes next. Recording again replaces it.</summary>
    public async Task<Outcome<RecordView>> RecordInterviewAsync(Guid userId, Guid requestId, Guid appointmentId, RecordInput input, CancellationToken ct = default)
    {
        if (await access.PairMemberAsync(userId, requestId, ct) is null)
        {
            return Outcome<RecordView>.Fail(OutcomeStatus.NotFound, Messages.NotFound);
        }

        var appointment = await db.Appointments.FirstOrDefaultAsync(a => a.Id == appointmentId && a.RequestId == requestId && a.CancelledAt == null, ct);
        if (appointment is null)
        {
            return Outcome<RecordView>.Fail(OutcomeStatus.NotFound, Messages.NotFound);
        }

        var now = clock.GetCurrentInstant();
        if (appointment.Start > now)
        {
            return Outcome<RecordView>.Fail(OutcomeStatus.Conflict, CaseMessages.NotYetHeld);
        }

        var held = input.Held ?? false;
        var themes = (input.Themes ?? []).Distinct(StringComparer.Ordinal).ToList();
        var axes = input.Axes ?? new Dictionary<string, AxisLevel>();
        var errors = new FieldErrors()
            .AddIf(input.Held is null, "held", Messages.Required)
            .AddIf(held && input.DurationMinutes is not (>= 1 and <= MaxDurationMinutes), "durationMinutes", CaseMessages.DurationRange)
            .AddIf(themes.Any(t => !Themes.IsKnown(t)), "themes", CaseMessages.ThemeUnknown)
            .AddIf(axes.Keys.Any(a => !RiskFactors.IsKnown(a)) || axes.Values.Any(v => !Enum.IsDefined(v)), "axes", CaseMessages.AxisUnknown)
            .AddIf(input.NextStep is null || !Enum.IsDefined(input.NextStep.Value), "nextStep", CaseMessages.NextStepRequired)
            .AddIf(input.NextStep == NextStep.Signposting && !OutsideSignposts.IsKnown(input.SignpostCategory), "signpostCategory", CaseMessages.SignpostRequired);
        if (errors.Any)
        {
            return Outcome<RecordView>.Invalid(errors);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.InterviewRecords.Where(r => r.AppointmentId == appointmentId).ExecuteDeleteAsync(ct);
        var record = new InterviewRecord
        {
            AppointmentId = appointmentId,
            RequestId = requestId,
            Held = held,
            DurationMinutes = held ? input.DurationMinutes : null,
            NextStep = input.NextStep!.Value,
            SignpostCategory = input.NextStep == NextStep.Signposting ? input.SignpostCategory : null,
            RecordedById = userId,
            RecordedAt = now,
            Themes = held ? themes.Select(t => new InterviewTheme { AppointmentId = appointmentId, Code = t }).ToList() : [],
            Axes = held ? RiskFactors.All.Select(a => new InterviewAxis { AppointmentId = appointmentId, Axis = a, Level = axes.GetValueOrDefault(a) }).ToList() : [],
        };
        db.InterviewRecords.Add(record);
        appointment.Attendance = held ? Attendance.Held : Attendance.NotAttended;
        appointment.CallbackNumber = null;
        var request = await db.Requests.FirstAsync(r => r.Id == requestId, ct);
        request.ClosedAt = record.NextStep == NextStep.Closed ? now : null;
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        await audit.AppendAsync(AuditTrail.Staff(userId), "case.interview_recorded", requestId.ToString(),
            new Dictionary<string, string?> { ["appointment"] = appointmentId.ToString() }, ct);
        return Outcome<RecordView>.Ok(View(record));
    }

    private async Task<List<CaseSummary>> SummariesAsync(IReadOnlyCollection<Guid> ids, CancellationToken ct)
    {
        var now = clock.GetCurrentInstant();
        var requests = await db.Requests.AsNoTracking().Include(r => r.Themes).Where(r => ids.Contains(r.Id)).ToListAsync(ct);
        var next = await db.Appointments.AsNoTracking().Where(a => ids.Contains(a.RequestId) && a.CancelledAt == null && a.End > now)
            .GroupBy(a => a.RequestId).Select(g => new { g.Key, Start = g.Min(a => a.Start) }).ToDictionaryAsync(x => x.Key, x => x.Start, ct);
        return requests.Select(r => new CaseSummary(
            r.Id, r.Themes.Select(t => t.Code).ToList(), r.Modality, r.Collective, r.Participants, r.ClosedAt is not null,
            next.TryGetValue(r.Id, out var start) ? start : null)).ToList();
    }

    private static RecordView View(InterviewRecord r) => View(r, r.Themes.Select(t => t.Code), r.Axes);

    private static RecordView View(InterviewRecord r, IEnumerable<string> themes, IEnumerable<InterviewAxis> axes) => new(
        r.Held, r.DurationMinutes, themes.OrderBy(t => t, StringComparer.Ordinal).ToList(),
        axes.ToDictionary(a => a.Axis, a => a.Level), r.NextStep, r.SignpostCategory, r.RecordedAt);
}
