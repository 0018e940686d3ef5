using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using Tandem.Core.Cases;
using Tandem.Core.Common;
using Tandem.Core.Data;
using Tandem.Core.Practitioners;
using Tandem.Core.Scheduling;
using Tandem.Core.Security;
using Tandem.Core.Security.Audit;
using Tandem.Core.Security.Encryption;

namespace Tandem.Core.Programmes;

public sealed record ProgrammeInput(
    ProgrammeType? Type, Guid? FacilitatorId, IReadOnlyList<string>? Participants, LocalDate? StartDate, LocalDate? EndDate,
    int? SessionsPerMonth, decimal? HourlyRate, int? SessionMinutes = null);

public sealed record SynthesisInput(string? Themes, string? ActionPlans, string? Decisions);

public sealed record SynthesisView(string? Themes, string? ActionPlans, string? Decisions, bool Published, Instant? PublishedAt, IReadOnlyList<NameMatch> Warnings);

public sealed record ParticipantView(Guid ParticipantId, string Name, Instant? AcceptedRulesAt, RulesChannel? AcceptedBy, string? RulesToken);

public sealed record ProgrammeSessionView(
    Guid SessionId, Instant Start, int Minutes, ProgrammePhase? Phase, ProgrammeSessionState State, int? Present, IReadOnlyDictionary<Guid, bool>? Attendance, SynthesisView? Synthesis);

public sealed record ProgrammeView(
    Guid ProgrammeId, string Number, Guid OrganisationId, string OrganisationName, ProgrammeType Type, SlotPractitioner Facilitator, LocalDate StartDate, LocalDate EndDate,
    int SessionsPerMonth, int SessionMinutes, decimal HourlyRate, ProgrammePhase? Phase, LocalDate? PlanAgreedOn, string? Plan,
    IReadOnlyList<ParticipantView> Participants, IReadOnlyList<ProgrammeSessionView> Sessions, bool MayManage, bool MayFacilitate);

public sealed record ProgrammeSummary(Guid ProgrammeId, string Number, ProgrammeType Type, string Facilitator, LocalDate StartDate, LocalDate EndDate, int Participants, int SessionsHeld, int SynthesesPublished);

/// <summary>What the rules page shows a participant, by their personal link.</summary>
public sealed record RulesView(string Participant, string Organisation, ProgrammeType Type, string Facilitator, Instant? AcceptedAt);

public static class ProgrammeMessages
{
    public const string TypeRequired = "Error.Programme.Type";
    public const string Facilitator = "Error.Programme.Facilitator";
    public const string PracticeAnalysisSize = "Error.Programme.PracticeAnalysisSize";
    public const string SupervisionSize = "Error.Programme.SupervisionSize";
    public const string RegulationSize = "Error.Programme.RegulationSize";
    public const string ParticipantName = "Error.Programme.ParticipantName";
    public const string ParticipantTwice = "Error.Programme.ParticipantTwice";
    public const string Rhythm = "Error.Programme.Rhythm";
    public const string Commitment = "Error.Programme.Commitment";
    public const string Rate = "Error.Programme.Rate";
    public const string SessionMinutes = "Error.Programme.SessionMinutes";
    public const string OutsideDates = "Error.Programme.OutsideDates";
    public const string MonthFull = "Error.Programme.MonthFull";
    public const string Gap = "Error.Programme.Gap";
    public const string NotYetHeld = "Error.Programme.NotYetHeld";
    public const string RulesNotAccepted = "Error.Programme.RulesNotAccepted";
    public const string NotRegulation = "Error.Programme.NotRegulation";
    public const string DiagnosticFirst = "Error.Programme.DiagnosticFirst";
    public const string NotHeld = "Error.Programme.NotHeld";
    public const string Published = "Error.Programme.Published";
    public const string SynthesisEmpty = "Error.Programme.SynthesisEmpty";
    public const string NamesFound = "Error.Programme.NamesFound";
    public const string SessionPlanned = "Error.Programme.SessionPlanned";
}

/// <summary>
/// Team programmes for institutions (seed 004): set up by the coordination within the rules of each
/// type, run by their facilitator (attendance, syntheses, the regulation's plan), read by the
/// institution's contacts — who see published syntheses, never a draft, never who came.
/// </summary>
public sealed class TeamProgrammes(
    TandemDbContext db, CaseAccess access, EnvelopeCrypto crypto, BillingSettings billing, SchedulingSettings scheduling, AuditTrail audit, IClock clock)
{
    public const int MaxParticipantNameLength = 120;
    public const int MaxSynthesisLength = 4000;
    public const int MaxGapDays = 60;
    public const int DefaultSessionMinutes = 120;

    public static string SynthesisPurpose(Guid sessionId) => $"programme.synthesis:{sessionId:D}";

    public static string PlanPurpose(Guid programmeId) => $"programme.plan:{programmeId:D}";

    /// <summary>The bounds of a group of each type (seed 004).</summary>
    public static (int Min, int Max, string Message) Size(ProgrammeType type) => type switch
    {
        ProgrammeType.Supervision => (3, 8, ProgrammeMessages.SupervisionSize),
        ProgrammeType.Regulation => (2, 12, ProgrammeMessages.RegulationSize),
        _ => (2, 12, ProgrammeMessages.PracticeAnalysisSize),
    };

    /// <summary>Every rule the programme breaks, by field; none when it may start.</summary>
    public FieldErrors Check(ProgrammeInput input, bool facilitatorKnown)
    {
        var names = (input.Participants ?? []).Select(n => n?.Trim() ?? string.Empty).ToList();
        var errors = new FieldErrors()
            .AddIf(input.Type is null || !Enum.IsDefined(input.Type.Value), "type", ProgrammeMessages.TypeRequired)
            .AddIf(!facilitatorKnown, "facilitatorId", ProgrammeMessages.Facilitator)
            .AddIf(names.Any(n => n.Length == 0 || n.Length > MaxParticipantNameLength), "participants", ProgrammeMessages.ParticipantName)
            .AddIf(names.Distinct(StringComparer.OrdinalIgnoreCase).Count() != names.Count, "participants", ProgrammeMessages.ParticipantTwice)
            .AddIf(input.StartDate is null, "startDate", Messages.Required)
            .AddIf(input.EndDate is null, "endDate", Messages.Required)
            .AddIf(input.SessionsPerMonth is not (1 or 2), "sessionsPerMonth", ProgrammeMessages.Rhythm)
            .AddIf(input.HourlyRate is not { } rate || rate < billing.MinHourlyRate || rate > billing.MaxHourlyRate, "hourlyRate", ProgrammeMessages.Rate)
            .AddIf(input.SessionMinutes is { } minutes && minutes is < 60 or > 240, "sessionMinutes", ProgrammeMessages.SessionMinutes);
        if (input.Type is { } type && Enum.IsDefined(type))
        {
            var (min, max, message) = Size(type);
            errors.AddIf(names.Count < min || names.Count > max, "participants", message);
        }

        if (input.StartDate is { } start && input.EndDate is { } end)
        {
            // At least a year: from the 1st of January, the 31st of December at the earliest.
            errors.AddIf(end < start.PlusYears(1).PlusDays(-1), "endDate", ProgrammeMessages.Commitment);
        }

        return errors;
    }

    public async Task<Outcome<Guid>> CreateAsync(Guid actorId, Guid organisationId, ProgrammeInput input, CancellationToken ct = default)
    {
        if (!await db.IsCoordinationAsync(actorId, ct) || !await db.Organisations.AnyAsync(o => o.Id == organisationId, ct))
        {
            return Outcome<Guid>.Fail(OutcomeStatus.NotFound, Messages.NotFound);
        }

        var facilitatorKnown = input.FacilitatorId is { } f && await db.PractitionerProfiles.AnyAsync(p => p.Id == f && db.Users.Any(u => u.Id == p.UserId && u.DeactivatedAt == null), ct);
        var errors = Check(input, facilitatorKnown);
        if (errors.Any)
        {
            return Outcome<Guid>.Invalid(errors);
        }

        var key = crypto.NewDataKey();
        var now = clock.GetCurrentInstant();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var programme = new TeamProgramme
        {
            Id = Guid.NewGuid(),
            Number = await DocumentNumbers.NextAsync(db, "D", input.StartDate!.Value.Year, ct),
            OrganisationId = organisationId,
            Type = input.Type!.Value,
            FacilitatorId = input.FacilitatorId!.Value,
            StartDate = input.StartDate.Value,
            EndDate = input.EndDate!.Value,
            SessionsPerMonth = input.SessionsPerMonth!.Value,
            SessionMinutes = input.SessionMinutes ?? DefaultSessionMinutes,
            HourlyRate = input.HourlyRate!.Value,
            Phase = input.Type == ProgrammeType.Regulation ? ProgrammePhase.Diagnostic : null,
            DataKeyId = key.Id,
            CreatedById = actorId,
            CreatedAt = now,
            Participants = input.Participants!.Select(n => new ProgrammeParticipant { Id = Guid.NewGuid(), Name = n.Trim(), RulesToken = SecretTokens.NewUrlToken() }).ToList(),
        };
        db.DataKeys.Add(key);
        db.TeamProgrammes.Add(programme);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);

        // The audit names no participant: counts and the type only.
        await audit.AppendAsync(AuditTrail.Staff(actorId), "programme.created", programme.Id.ToString(), new Dictionary<string, string?>
        {
            ["organisation"] = organisationId.ToString(),
            ["type"] = programme.Type.ToString(),
            ["participants"] = programme.Participants.Count.ToString(CultureInfo.InvariantCulture),
        }, ct);
        return Outcome<Guid>.Ok(programme.Id);
    }

    public Task<string> NumberOfAsync(Guid programmeId, CancellationToken ct = default) =>
        db.TeamProgrammes.AsNoTracking().Where(p => p.Id == programmeId).Select(p => p.Number).FirstAsync(ct);

    /// <returns>The programmes of an organisation, or null when the user may not see it.</returns>
    public async Task<IReadOnlyList<ProgrammeSummary>?> ListAsync(Guid userId, Guid organisationId, CancellationToken ct = default)
    {
        var who = await WhoAsync(userId, ct);
        if (who is null || !(who.Manager || who.ContactOf == organisationId || who.Profile is not null))
        {
            return null;
        }

        // One query for the programmes and their counts; the organisation is looked for only when there is none.
        var programmes = await db.TeamProgrammes.AsNoTracking()
            .Where(p => p.OrganisationId == organisationId && (who.Manager || who.ContactOf == organisationId || p.FacilitatorId == who.Profile))
            .OrderByDescending(p => p.StartDate)
            .Select(p => new ProgrammeSummary(p.Id, p.Number, p.Type,
                db.PractitionerProfiles.Where(f => f.Id == p.FacilitatorId).Select(f => f.PublicName).FirstOrDefault() ?? string.Empty,
                p.StartDate, p.EndDate, p.Participants.Count(x => x.RemovedAt == null), p.Sessions.Count(s => s.State == ProgrammeSessionState.Held),
                p.Sessions.Count(s => s.SynthesisPublishedAt != null)))
            .ToListAsync(ct);
        if (programmes.Count == 0 && (!(who.Manager || who.ContactOf == organisationId) || !await db.Organisations.AnyAsync(o => o.Id == organisationId, ct)))
        {
            return null;
        }

        return programmes;
    }

    /// <summary>A facilitator's own programmes, everywhere.</summary>
    public async Task<IReadOnlyList<(Guid OrganisationId, string Organisation, ProgrammeSummary Programme)>> FacilitatedAsync(Guid userId, CancellationToken ct = default)
    {
        var profile = await access.ProfileIdAsync(userId, ct);
        var programmes = profile is null ? [] : await db.TeamProgrammes.AsNoTracking().Include(p => p.Participants).Include(p => p.Sessions)
            .Where(p => p.FacilitatorId == profile).OrderBy(p => p.StartDate).ToListAsync(ct);
        var organisations = await db.Organisations.AsNoTracking().Where(o => programmes.Select(p => p.OrganisationId).Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        return programmes.Select(p => (p.OrganisationId, organisations[p.OrganisationId], new ProgrammeSummary(p.Id, p.Number, p.Type, string.Empty, p.StartDate, p.EndDate,
            p.Participants.Count(x => x.RemovedAt == null), p.Sessions.Count(s => s.State == ProgrammeSessionState.Held), p.Sessions.Count(s => s.SynthesisPublishedAt != null)))).ToList();
    }

    /// <summary>
    /// The programme as the user may see it: everything for the coordination, administrators and its
    /// facilitator; for the institution's contacts, no rules links, no attendance by name and only
    /// the published syntheses. Anyone else: null.
    /// </summary>
    public async Task<ProgrammeView?> ReadAsync(Guid userId, Guid programmeId, CancellationToken ct = default)
    {
        var who = await WhoAsync(userId, ct);
        var p = who is null ? null : await db.TeamProgrammes.AsNoTracking().Include(x => x.DataKey).Include(x => x.Participants).Include(x => x.Sessions).ThenInclude(s => s.Attendance)
            .FirstOrDefaultAsync(x => x.Id == programmeId, ct);
        if (p is null || who is null)
        {
            return null;
        }

        var facilitator = who.Profile == p.FacilitatorId;
        var full = who.Manager || facilitator;
        if (!full && who.ContactOf != p.OrganisationId)
        {
            return null;
        }

        var organisation = await db.Organisations.AsNoTracking().Where(o => o.Id == p.OrganisationId).Select(o => o.Name).FirstAsync(ct);
        var person = (await db.PublicPractitionersAsync([p.FacilitatorId], ct)).Of(p.FacilitatorId);
        var participants = p.Participants.Where(x => x.RemovedAt == null).OrderBy(x => x.Name, StringComparer.Create(CultureInfo.GetCultureInfo("fr-FR"), true)).ToList();
        var names = participants.Select(x => x.Name).ToList();
        var sessions = p.Sessions.OrderBy(s => s.Start).Select(s =>
        {
            var synthesis = s.Synthesis is null || (!full && s.SynthesisPublishedAt is null) ? null : Synthesis(p, s, names);
            return new ProgrammeSessionView(
                s.Id, s.Start, s.Minutes, s.Phase, s.State,
                s.State == ProgrammeSessionState.Held ? s.Attendance.Count(a => a.Present) : null,
                full ? s.Attendance.ToDictionary(a => a.ParticipantId, a => a.Present) : null,
                synthesis);
        }).ToList();
        return new ProgrammeView(
            p.Id, p.Number, p.OrganisationId, organisation, p.Type, person, p.StartDate, p.EndDate, p.SessionsPerMonth, p.SessionMinutes, p.HourlyRate, p.Phase, p.PlanAgreedOn,
            p.Plan is null ? null : crypto.Open(p.DataKey!, p.Plan, PlanPurpose(p.Id)),
            participants.Select(x => new ParticipantView(x.Id, x.Name, x.AcceptedRulesAt, x.AcceptedBy, full ? x.RulesToken : null)).ToList(),
            sessions, who.Manager, facilitator);
    }

    /// <summary>
    /// Plans a session within the programme's rules: between its dates, no more sessions in a month
    /// than its rhythm, and never more than two months (60 days) after the previous one.
    /// </summary>
    public async Task<Outcome<Guid>> PlanSessionAsync(Guid userId, Guid programmeId, Instant? start, int? minutes, CancellationToken ct = default)
    {
        var p = await ForStaffAsync(userId, programmeId, ct);
        if (p is null)
        {
            return Outcome<Guid>.Fail(OutcomeStatus.NotFound, Messages.NotFound);
        }

        var errors = new FieldErrors()
            .AddIf(start is null, "start", Messages.Required)
            .AddIf(minutes is { } m && m is < 30 or > 480, "minutes", ProgrammeMessages.SessionMinutes);
        if (start is { } s)
        {
            var day = s.InZone(scheduling.Zone).Date;
            var active = p.Sessions.Where(x => x.State != ProgrammeSessionState.Cancelled).Select(x => x.Start.InZone(scheduling.Zone).Date).ToList();
            var previous = active.Where(d => d <= day).DefaultIfEmpty(p.StartDate).Max();
            errors.AddIf(day < p.StartDate || day > p.EndDate, "start", ProgrammeMessages.OutsideDates)
                .AddIf(active.Count(d => d.Year == day.Year && d.Month == day.Month) >= p.SessionsPerMonth, "start", ProgrammeMessages.MonthFull)
                .AddIf(Period.DaysBetween(previous, day) > MaxGapDays, "start", ProgrammeMessages.Gap);
        }

        if (errors.Any)
        {
            return Outcome<Guid>.Invalid(errors);
        }

        var session = new ProgrammeSession
        {
            Id = Guid.NewGuid(),
            ProgrammeId = p.Id,
            Start = start!.Value,
            Minutes = minutes ?? p.SessionMinutes,
            Phase = p.Phase,
            State = ProgrammeSessionState.Planned,
        };
        db.ProgrammeSessions.Add(session);
        await db.SaveChangesAsync(ct);
        await audit.AppendAsync(AuditTrail.Staff(userId), "programme.session_planned", session.Id.ToString(), new Dictionary<string, string?> { ["programme"] = p.Id.ToString() }, ct);
        return Outcome<Guid>.Ok(session.Id);
    }

    public async Task<Outcome<bool>> CancelSessionAsync(Guid userId, Guid programmeId, Guid sessionId, CancellationToken ct = default)
    {
        var p = await ForStaffAsync(userId, programmeId, ct);
        var session = p?.Sessions.FirstOrDefault(s => s.Id == sessionId);
        if (session is null)
        {
            return Outcome<bool>.Fail(OutcomeStatus.NotFound, Messages.NotFound);
        }

        if (session.State == ProgrammeSessionState.Held)
        {
            return Outcome<bool>.Fail(OutcomeStatus.Conflict, ProgrammeMessages.SessionPlanned);
        }

        await db.ProgrammeSessions.Where(s => s.Id == sessionId).ExecuteUpdateAsync(x => x.SetProperty(s => s.State, ProgrammeSessionState.Cancelled), ct);
        await audit.AppendAsync(AuditTrail.Staff(userId), "programme.session_cancelled", sessionId.ToString(), null, ct);
        return Outcome<bool>.Ok(true);
    }

    /// <summary>
    /// The facilitator records a session that has begun: who came (each having accepted the rules)
    /// and how long it lasted. The session is then held, and billable.
    /// </summary>
    public async Task<Outcome<int>> RecordSessionAsync(Guid userId, Guid programmeId, Guid sessionId, IReadOnlyCollection<Guid>? present, int? minutes, CancellationToken ct = default)
    {
        var p = await ForFacilitatorAsync(userId, programmeId, ct);
        var session = p?.Sessions.FirstOrDefault(s => s.Id == sessionId);
        if (p is null || session is null)
        {
            return Outcome<int>.Fail(OutcomeStatus.NotFound, Messages.NotFound);
        }

        if (session.State == ProgrammeSessionState.Cancelled || session.Start > clock.GetCurrentInstant())
        {
            return Outcome<int>.Fail(OutcomeStatus.Conflict, ProgrammeMessages.NotYetHeld);
        }

        var listed = present ?? [];
        var participants = p.Participants.Where(x => x.RemovedAt == null).ToList();
        var errors = new FieldErrors()
            .AddIf(listed.Any(id => participants.All(x => x.Id != id)), "present", Messages.NotFound)
            .AddIf(participants.Any(x => listed.Contains(x.Id) && x.AcceptedRulesAt is null), "present", ProgrammeMessages.RulesNotAccepted)
            .AddIf(minutes is { } m && m is < 30 or > 480, "minutes", ProgrammeMessages.SessionMinutes);
        if (errors.Any)
        {
            return Outcome<int>.Invalid(errors);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.ProgrammeAttendances.Where(a => a.SessionId == sessionId).ExecuteDeleteAsync(ct);
        db.ProgrammeAttendances.AddRange(participants.Select(x => new ProgrammeAttendance { SessionId = sessionId, ParticipantId = x.Id, Present = listed.Contains(x.Id) }));
        await db.SaveChangesAsync(ct);
        await db.ProgrammeSessions.Where(s => s.Id == sessionId)
            .ExecuteUpdateAsync(x => x.SetProperty(s => s.State, ProgrammeSessionState.Held).SetProperty(s => s.Minutes, minutes ?? session.Minutes), ct);
        await transaction.CommitAsync(ct);
        var count = participants.Count(x => listed.Contains(x.Id));
        await audit.AppendAsync(AuditTrail.Staff(userId), "programme.session_held", sessionId.ToString(),
            new Dictionary<string, string?> { ["present"] = count.ToString(CultureInfo.InvariantCulture) }, ct);
        return Outcome<int>.Ok(count);
    }

    /// <summary>The participant's personal link: what the rules page shows.</summary>
    public async Task<RulesView?> RulesAsync(string? token, CancellationToken ct = default)
    {
        var participant = await ByTokenAsync(token, ct);
        if (participant is null)
        {
            return null;
        }

        var p = await db.TeamProgrammes.AsNoTracking().FirstAsync(x => x.Id == participant.ProgrammeId, ct);
        var organisation = await db.Organisations.AsNoTracking().Where(o => o.Id == p.OrganisationId).Select(o => o.Name).FirstAsync(ct);
        var facilitator = (await db.PublicPractitionersAsync([p.FacilitatorId], ct)).Of(p.FacilitatorId).Name;
        return new RulesView(participant.Name, organisation, p.Type, facilitator, participant.AcceptedRulesAt);
    }

    /// <summary>The participant accepts the rules by their link (once; accepting again keeps the first date).</summary>
    public async Task<bool> AcceptRulesAsync(string? token, CancellationToken ct = default)
    {
        var participant = await ByTokenAsync(token, ct);
        if (participant is null)
        {
            return false;
        }

        await AcceptAsync(participant.Id, RulesChannel.Link, AuditTrail.System, ct);
        return true;
    }

    /// <summary>The facilitator records an acceptance given in person (a signed sheet at the first session).</summary>
    public async Task<Outcome<bool>> RecordAcceptanceAsync(Guid userId, Guid programmeId, Guid participantId, CancellationToken ct = default)
    {
        var p = await ForFacilitatorAsync(userId, programmeId, ct);
        if (p?.Participants.FirstOrDefault(x => x.Id == participantId && x.RemovedAt == null) is not { } participant)
        {
            return Outcome<bool>.Fail(OutcomeStatus.NotFound, Messages.NotFound);
        }

        await AcceptAsync(participant.Id, RulesChannel.Facilitator, AuditTrail.Staff(userId), ct);
        return Outcome<bool>.Ok(true);
    }

    /// <summary>Adds a participant, within the size of the programme's type.</summary>
    public async Task<Outcome<Guid>> AddParticipantAsync(Guid userId, Guid programmeId, string? name, CancellationToken ct = default)
    {
        var p = await db.IsCoordinationAsync(userId, ct) ? await LoadAsync(programmeId, ct) : null;
        if (p is null)
        {
            return Outcome<Guid>.Fail(OutcomeStatus.NotFound, Messages.NotFound);
        }

        var names = p.Participants.Where(x => x.RemovedAt == null).Select(x => x.Name).Append(name ?? string.Empty).ToList();
        var errors = Check(new ProgrammeInput(p.Type, p.FacilitatorId, names, p.StartDate, p.EndDate, p.SessionsPerMonth, p.HourlyRate, p.SessionMinutes), true);
        if (errors.Any)
        {
            return Outcome<Guid>.Invalid(errors);
        }

        var participant = new ProgrammeParticipant { Id = Guid.NewGuid(), ProgrammeId = p.Id, Name = name!.Trim(), RulesToken = SecretTokens.NewUrlToken() };
        db.ProgrammeParticipants.Add(participant);
        await db.SaveChangesAsync(ct);
        await audit.AppendAsync(AuditTrail.Staff(userId), "programme.participant_added", p.Id.ToString(), null, ct);
        return Outcome<Guid>.Ok(participant.Id);
    }

    /// <summary>Removes a participant (their past attendance stays counted), within the size of the programme's type.</summary>
    public async Task<Outcome<bool>> RemoveParticipantAsync(Guid userId, Guid programmeId, Guid participantId, CancellationToken ct = default)
    {
        var p = await db.IsCoordinationAsync(userId, ct) ? await LoadAsync(programmeId, ct) : null;
        var participant = p?.Participants.FirstOrDefault(x => x.Id == participantId && x.RemovedAt == null);
        if (p is null || participant is null)
        {
            return Outcome<bool>.Fail(OutcomeStatus.NotFound, Messages.NotFound);
        }

        var (min, _, message) = Size(p.Type);
        if (p.Participants.Count(x => x.RemovedAt == null) - 1 < min)
        {
            return Outcome<bool>.Invalid("participants", message);
        }

        await db.ProgrammeParticipants.Where(x => x.Id == participantId).ExecuteUpdateAsync(x => x.SetProperty(q => q.RemovedAt, clock.GetCurrentInstant()), ct);
        await audit.AppendAsync(AuditTrail.Staff(userId), "programme.participant_removed", p.Id.ToString(), null, ct);
        return Outcome<bool>.Ok(true);
    }

    /// <summary>A regulation's accompaniment plan, agreed with the protagonists after the diagnostic phase: the programme moves to its second phase.</summary>
    public async Task<Outcome<bool>> AgreePlanAsync(Guid userId, Guid programmeId, LocalDate? agreedOn, string? plan, CancellationToken ct = default)
    {
        var p = await ForFacilitatorAsync(userId, programmeId, ct);
        if (p is null)
        {
            return Outcome<bool>.Fail(OutcomeStatus.NotFound, Messages.NotFound);
        }

        if (p.Type != ProgrammeType.Regulation)
        {
            return Outcome<bool>.Fail(OutcomeStatus.Conflict, ProgrammeMessages.NotRegulation);
        }

        if (!p.Sessions.Any(s => s.State == ProgrammeSessionState.Held && s.Phase == ProgrammePhase.Diagnostic))
        {
            return Outcome<bool>.Fail(OutcomeStatus.Conflict, ProgrammeMessages.DiagnosticFirst);
        }

        var errors = new FieldErrors()
            .AddIf(agreedOn is null, "agreedOn", Messages.Required)
            .AddIf(string.IsNullOrWhiteSpace(plan), "plan", Messages.Required)
            .AddIf(plan is { Length: > MaxSynthesisLength }, "plan", Messages.TooLong);
        if (errors.Any)
        {
            return Outcome<bool>.Invalid(errors);
        }

        var sealedPlan = crypto.Seal(p.DataKey!, plan!.Trim(), PlanPurpose(p.Id));
        await db.TeamProgrammes.Where(x => x.Id == p.Id).ExecuteUpdateAsync(x => x
            .SetProperty(q => q.Phase, ProgrammePhase.Accompaniment)
            .SetProperty(q => q.PlanAgreedOn, agreedOn)
            .SetProperty(q => q.Plan, sealedPlan), ct);
        await db.ProgrammeSessions.Where(s => s.ProgrammeId == p.Id && s.State == ProgrammeSessionState.Planned)
            .ExecuteUpdateAsync(x => x.SetProperty(s => s.Phase, ProgrammePhase.Accompaniment), ct);
        await audit.AppendAsync(AuditTrail.Staff(userId), "programme.plan_agreed", p.Id.ToString(), null, ct);
        return Outcome<bool>.Ok(true);
    }

    /// <summary>The facilitator writes (or rewrites, until published) a held session's synthesis; the answer lists every participant's name found in it.</summary>
    public async Task<Outcome<SynthesisView>> WriteSynthesisAsync(Guid userId, Guid programmeId, Guid sessionId, SynthesisInput input, CancellationToken ct = default)
    {
        var p = await ForFacilitatorAsync(userId, programmeId, ct);
        var session = p?.Sessions.FirstOrDefault(s => s.Id == sessionId);
        if (p is null || session is null)
        {
            return Outcome<SynthesisView>.Fail(OutcomeStatus.NotFound, Messages.NotFound);
        }

        if (session.State != ProgrammeSessionState.Held)
        {
            return Outcome<SynthesisView>.Fail(OutcomeStatus.Conflict, ProgrammeMessages.NotHeld);
        }

        if (session.SynthesisPublishedAt is not null)
        {
            return Outcome<SynthesisView>.Fail(OutcomeStatus.Conflict, ProgrammeMessages.Published);
        }

        var parts = new[] { input.Themes, input.ActionPlans, input.Decisions }.Select(x => string.IsNullOrWhiteSpace(x) ? null : x.Trim()).ToArray();
        var errors = new FieldErrors()
            .AddIf(parts.All(x => x is null), "themes", ProgrammeMessages.SynthesisEmpty)
            .AddIf(parts[0] is { Length: > MaxSynthesisLength }, "themes", Messages.TooLong)
            .AddIf(parts[1] is { Length: > MaxSynthesisLength }, "actionPlans", Messages.TooLong)
            .AddIf(parts[2] is { Length: > MaxSynthesisLength }, "decisions", Messages.TooLong);
        if (errors.Any)
        {
            return Outcome<SynthesisView>.Invalid(errors);
        }

        var json = JsonSerializer.Serialize(new SynthesisInput(parts[0], parts[1], parts[2]));
        session.Synthesis = crypto.Seal(p.DataKey!, json, SynthesisPurpose(session.Id));
        await db.ProgrammeSessions.Where(s => s.Id == session.Id).ExecuteUpdateAsync(x => x.SetProperty(s => s.Synthesis, session.Synthesis), ct);
        await audit.AppendAsync(AuditTrail.Staff(userId), "programme.synthesis_written", session.Id.ToString(), null, ct);
        return Outcome<SynthesisView>.Ok(Synthesis(p, session, p.Participants.Where(x => x.RemovedAt == null).Select(x => x.Name).ToList()));
    }

    /// <summary>
    /// Publishes a synthesis to the institution's contacts. While it contains a participant's name
    /// it is refused with the matches, unless the facilitator confirms each is not a name (a word
    /// that happens to be one); the confirmation is audited.
    /// </summary>
    public async Task<Outcome<SynthesisView>> PublishSynthesisAsync(Guid userId, Guid programmeId, Guid sessionId, bool confirmNoName, CancellationToken ct = default)
    {
        var p = await ForFacilitatorAsync(userId, programmeId, ct);
        var session = p?.Sessions.FirstOrDefault(s => s.Id == sessionId);
        if (p is null || session?.Synthesis is null)
        {
            return Outcome<SynthesisView>.Fail(OutcomeStatus.NotFound, Messages.NotFound);
        }

        var view = Synthesis(p, session, p.Participants.Where(x => x.RemovedAt == null).Select(x => x.Name).ToList());
        if (view.Published)
        {
            return Outcome<SynthesisView>.Ok(view);
        }

        if (view.Warnings.Count > 0 && !confirmNoName)
        {
            return Outcome<SynthesisView>.Fail(OutcomeStatus.Conflict, ProgrammeMessages.NamesFound);
        }

        var now = clock.GetCurrentInstant();
        await db.ProgrammeSessions.Where(s => s.Id == session.Id && s.SynthesisPublishedAt == null).ExecuteUpdateAsync(x => x.SetProperty(s => s.SynthesisPublishedAt, now), ct);
        await audit.AppendAsync(AuditTrail.Staff(userId), "programme.synthesis_published", session.Id.ToString(),
            new Dictionary<string, string?> { ["warningsOverridden"] = view.Warnings.Count.ToString(CultureInfo.InvariantCulture) }, ct);
        return Outcome<SynthesisView>.Ok(view with { Published = true, PublishedAt = now });
    }

    /// <summary>The matches of a synthesis as it stands (for the facilitator before publishing).</summary>
    public async Task<IReadOnlyList<NameMatch>?> CheckSynthesisAsync(Guid userId, Guid programmeId, Guid sessionId, CancellationToken ct = default)
    {
        var p = await ForFacilitatorAsync(userId, programmeId, ct);
        var session = p?.Sessions.FirstOrDefault(s => s.Id == sessionId);
        return p is null || session?.Synthesis is null ? null : Synthesis(p, session, p.Participants.Where(x => x.RemovedAt == null).Select(x => x.Name).ToList()).Warnings;
    }

    private SynthesisView Synthesis(TeamProgramme p, ProgrammeSession session, IReadOnlyList<string> names)
    {
        var parts = JsonSerializer.Deserialize<SynthesisInput>(crypto.Open(p.DataKey!, session.Synthesis!, SynthesisPurpose(session.Id)))!;
        var warnings = new[] { parts.Themes, parts.ActionPlans, parts.Decisions }.SelectMany(t => NameCheck.Find(t, names)).Distinct().ToList();
        return new SynthesisView(parts.Themes, parts.ActionPlans, parts.Decisions, session.SynthesisPublishedAt is not null, session.SynthesisPublishedAt, warnings);
    }

    private async Task AcceptAsync(Guid participantId, RulesChannel channel, string actor, CancellationToken ct)
    {
        var accepted = await db.ProgrammeParticipants.Where(x => x.Id == participantId && x.AcceptedRulesAt == null)
            .ExecuteUpdateAsync(x => x.SetProperty(q => q.AcceptedRulesAt, clock.GetCurrentInstant()).SetProperty(q => q.AcceptedBy, channel), ct);
        if (accepted > 0)
        {
            await audit.AppendAsync(actor, "programme.rules_accepted", participantId.ToString(),
                new Dictionary<string, string?> { ["channel"] = channel.ToString() }, ct);
        }
    }

    private async Task<ProgrammeParticipant?> ByTokenAsync(string? token, CancellationToken ct) =>
        string.IsNullOrWhiteSpace(token) || token.Length > 100
            ? null
            : await db.ProgrammeParticipants.AsNoTracking().FirstOrDefaultAsync(x => x.RulesToken == token && x.RemovedAt == null, ct);

    private Task<TeamProgramme?> LoadAsync(Guid programmeId, CancellationToken ct) =>
        db.TeamProgrammes.AsNoTracking().Include(x => x.DataKey).Include(x => x.Participants).Include(x => x.Sessions).FirstOrDefaultAsync(x => x.Id == programmeId, ct);

    /// <summary>The programme for its facilitator, the coordination or an administrator; null for anyone else.</summary>
    private async Task<TeamProgramme?> ForStaffAsync(Guid userId, Guid programmeId, CancellationToken ct)
    {
        var who = await WhoAsync(userId, ct);
        var p = who is null ? null : await LoadAsync(programmeId, ct);
        return p is not null && (who!.Manager || who.Profile == p.FacilitatorId) ? p : null;
    }

    /// <summary>The programme for its facilitator only: attendance, syntheses and the plan are theirs.</summary>
    private async Task<TeamProgramme?> ForFacilitatorAsync(Guid userId, Guid programmeId, CancellationToken ct)
    {
        var profile = await access.ProfileIdAsync(userId, ct);
        var p = profile is null ? null : await LoadAsync(programmeId, ct);
        return p?.FacilitatorId == profile ? p : null;
    }

    private sealed record Who(bool Manager, Guid? ContactOf, Guid? Profile);

    private async Task<Who?> WhoAsync(Guid userId, CancellationToken ct)
    {
        var user = await db.Users.AsNoTracking().Where(u => u.Id == userId && u.DeactivatedAt == null)
            .Select(u => new { u.Role, u.OrganisationId, Profile = db.PractitionerProfiles.Where(p => p.UserId == u.Id).Select(p => (Guid?)p.Id).FirstOrDefault() })
            .FirstOrDefaultAsync(ct);
        return user is null
            ? null
            : new Who(user.Role is Roles.Coordinator or Roles.Administrator, user.Role == Roles.OrganisationContact ? user.OrganisationId : null, user.Profile);
    }
}
