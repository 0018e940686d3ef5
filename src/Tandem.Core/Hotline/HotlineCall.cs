using Microsoft.EntityFrameworkCore;
using NodaTime;
using Tandem.Core.Common;
using Tandem.Core.Data;
using Tandem.Core.Security.Audit;

namespace Tandem.Core.Hotline;

public enum CallOutcome
{
    Listened = 1,
    RequestOpened = 2,
    Signposted = 3,
    EmergencyServices = 4,
}

/// <summary>A call to the listening line, logged by the practitioner on call: no name, no number, only what the indicators need.</summary>
public sealed class HotlineCall
{
    public Guid Id { get; set; }

    public Instant At { get; set; }

    public int DurationMinutes { get; set; }

    public Guid? OrganisationId { get; set; }

    public Guid? DepartmentId { get; set; }

    public Guid? JobFamilyId { get; set; }

    public CallOutcome Outcome { get; set; }

    public Guid LoggedById { get; set; }

    /// <summary>When it was logged: the call counts in the indicator period it arrives in.</summary>
    public Instant LoggedAt { get; set; }

    public List<HotlineCallTheme> Themes { get; set; } = [];
}

public sealed class HotlineCallTheme
{
    public Guid CallId { get; set; }

    public required string Code { get; set; }
}

/// <summary>Who answers the listening line when.</summary>
public sealed class HotlineShift
{
    public Guid Id { get; set; }

    public Guid PractitionerId { get; set; }

    public Instant Start { get; set; }

    public Instant End { get; set; }
}

public sealed record CallInput(Instant? At, int? DurationMinutes, Guid? OrganisationId, Guid? Department, Guid? JobFamily, IReadOnlyList<string>? Themes, CallOutcome? Outcome);

public sealed record ShiftInput(Guid? PractitionerId, Instant? Start, Instant? End);

public sealed record ShiftView(Guid Id, Guid PractitionerId, string Name, Instant Start, Instant End);

public static class HotlineMessages
{
    public const string DurationRange = "Error.CallDuration";
    public const string OutcomeRequired = "Error.CallOutcome";
    public const string InFuture = "Error.CallInFuture";
    public const string UnitUnknown = "Error.CallUnitUnknown";
    public const string OrganisationUnknown = "Error.CallOrganisationUnknown";
    public const string ShiftInvalid = "Error.ShiftInvalid";
}

/// <summary>The listening line: calls logged by practitioners, and the on-call rota kept by the coordination.</summary>
public sealed class Listening(TandemDbContext db, AuditTrail audit, IClock clock)
{
    public async Task<Outcome<Guid>> LogCallAsync(Guid userId, CallInput input, CancellationToken ct = default)
    {
        var now = clock.GetCurrentInstant();
        var themes = (input.Themes ?? []).Distinct(StringComparer.Ordinal).ToList();
        var errors = new FieldErrors()
            .AddIf(input.At is null, "at", Messages.Required)
            .AddIf(input.At > now + Duration.FromMinutes(5), "at", HotlineMessages.InFuture)
            .AddIf(input.DurationMinutes is not (>= 1 and <= 600), "durationMinutes", HotlineMessages.DurationRange)
            .AddIf(input.Outcome is null || !Enum.IsDefined(input.Outcome.Value), "outcome", HotlineMessages.OutcomeRequired)
            .AddIf(themes.Any(t => !Requests.Themes.IsKnown(t)), "themes", Cases.CaseMessages.ThemeUnknown);
        if (input.OrganisationId is { } org)
        {
            var units = await db.OrganisationUnits.AsNoTracking().Where(u => u.OrganisationId == org).Select(u => new { u.Id, u.Kind }).ToListAsync(ct);
            errors.AddIf(!await db.Organisations.AnyAsync(o => o.Id == org, ct), "organisationId", HotlineMessages.OrganisationUnknown)
                .AddIf(input.Department is { } d && !units.Any(u => u.Id == d && u.Kind == Organisations.UnitKind.Department), "department", HotlineMessages.UnitUnknown)
                .AddIf(input.JobFamily is { } j && !units.Any(u => u.Id == j && u.Kind == Organisations.UnitKind.JobFamily), "jobFamily", HotlineMessages.UnitUnknown);
        }
        else
        {
            errors.AddIf(input.Department is not null, "department", HotlineMessages.UnitUnknown)
                .AddIf(input.JobFamily is not null, "jobFamily", HotlineMessages.UnitUnknown);
        }

        if (errors.Any)
        {
            return Outcome<Guid>.Invalid(errors);
        }

        var call = new HotlineCall
        {
            Id = Guid.NewGuid(),
            At = input.At!.Value,
            DurationMinutes = input.DurationMinutes!.Value,
            OrganisationId = input.OrganisationId,
            DepartmentId = input.Department,
            JobFamilyId = input.JobFamily,
            Outcome = input.Outcome!.Value,
            LoggedById = userId,
            LoggedAt = now,
        };
        call.Themes.AddRange(themes.Select(t => new HotlineCallTheme { CallId = call.Id, Code = t }));
        db.HotlineCalls.Add(call);
        await db.SaveChangesAsync(ct);
        await audit.AppendAsync(Security.Audit.AuditTrail.Staff(userId), "hotline.call_logged", call.Id.ToString(), null, ct);
        return Outcome<Guid>.Ok(call.Id);
    }

    public async Task<IReadOnlyList<ShiftView>> RotaAsync(Instant from, Instant to, CancellationToken ct = default)
    {
        var shifts = await db.HotlineShifts.AsNoTracking().Where(s => s.End > from && s.Start < to).OrderBy(s => s.Start).ToListAsync(ct);
        var ids = shifts.Select(s => s.PractitionerId).Distinct().ToList();
        var names = await db.PractitionerProfiles.AsNoTracking().Where(p => ids.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.PublicName, ct);
        return shifts.Select(s => new ShiftView(s.Id, s.PractitionerId, names.GetValueOrDefault(s.PractitionerId) ?? string.Empty, s.Start, s.End)).ToList();
    }

    public async Task<Outcome<Guid>> AddShiftAsync(Guid actorId, ShiftInput input, CancellationToken ct = default)
    {
        var errors = new FieldErrors()
            .AddIf(input.PractitionerId is null || !await db.PractitionerProfiles.AnyAsync(p => p.Id == input.PractitionerId, ct), "practitionerId", Messages.Required)
            .AddIf(input.Start is null || input.End is null || input.End <= input.Start || input.End - input.Start > Duration.FromDays(7), "end", HotlineMessages.ShiftInvalid);
        if (errors.Any)
        {
            return Outcome<Guid>.Invalid(errors);
        }

        var shift = new HotlineShift { Id = Guid.NewGuid(), PractitionerId = input.PractitionerId!.Value, Start = input.Start!.Value, End = input.End!.Value };
        db.HotlineShifts.Add(shift);
        await db.SaveChangesAsync(ct);
        await audit.AppendAsync(Security.Audit.AuditTrail.Staff(actorId), "hotline.shift_added", shift.Id.ToString(), null, ct);
        return Outcome<Guid>.Ok(shift.Id);
    }

    public async Task<bool> RemoveShiftAsync(Guid actorId, Guid shiftId, CancellationToken ct = default)
    {
        var removed = await db.HotlineShifts.Where(s => s.Id == shiftId).ExecuteDeleteAsync(ct) > 0;
        if (removed)
        {
            await audit.AppendAsync(Security.Audit.AuditTrail.Staff(actorId), "hotline.shift_removed", shiftId.ToString(), null, ct);
        }

        return removed;
    }
}
