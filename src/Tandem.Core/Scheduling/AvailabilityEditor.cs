using Microsoft.EntityFrameworkCore;
using NodaTime;
using Tandem.Core.Common;
using Tandem.Core.Data;
using Tandem.Core.Requests;
using Tandem.Core.Security.Audit;

namespace Tandem.Core.Scheduling;

public sealed record WindowInput(IsoDayOfWeek? Day, LocalTime? Start, LocalTime? End, Modality? Modality, string? Place, string? Access = null);

public sealed record OpeningInput(LocalDate? Date, LocalTime? Start, LocalTime? End, Modality? Modality);

public sealed record LeaveInput(Instant? Start, Instant? End);

public sealed record PriorLinkInput(Guid? OrganisationId, Guid? DepartmentId);

public sealed record AvailabilityView(
    Guid PractitionerId,
    IReadOnlyList<AvailabilityWindow> Windows,
    IReadOnlyList<AvailabilityOpening> Openings,
    IReadOnlyList<PractitionerLeave> Leaves,
    IReadOnlyList<PriorLink> PriorLinks);

/// <summary>A practitioner's weekly windows, one-off openings, leave and declared prior links.</summary>
public sealed class AvailabilityEditor(TandemDbContext db, AuditTrail audit)
{
    public const int MaxPlaceLength = 200;

    public const int MaxAccessLength = 500;

    public async Task<AvailabilityView?> ReadAsync(Guid userId, CancellationToken ct = default)
    {
        var profileId = await ProfileIdAsync(userId, ct);
        if (profileId is not { } id)
        {
            return null;
        }

        return new AvailabilityView(
            id,
            await db.AvailabilityWindows.AsNoTracking().Where(w => w.PractitionerId == id).OrderBy(w => w.Day).ThenBy(w => w.Start).ToListAsync(ct),
            await db.AvailabilityOpenings.AsNoTracking().Where(o => o.PractitionerId == id).OrderBy(o => o.Date).ThenBy(o => o.Start).ToListAsync(ct),
            await db.PractitionerLeaves.AsNoTracking().Where(l => l.PractitionerId == id).OrderBy(l => l.Start).ToListAsync(ct),
            await db.PriorLinks.AsNoTracking().Where(l => l.PractitionerId == id).ToListAsync(ct));
    }

    public Task<Outcome<Guid>> AddWindowAsync(Guid actorId, Guid userId, WindowInput input, CancellationToken ct = default)
    {
        var errors = new FieldErrors()
            .AddIf(input.Day is null || !Enum.IsDefined(input.Day.Value) || input.Day == IsoDayOfWeek.None, "day", Messages.Required)
            .AddIf(input.Modality is null || !Enum.IsDefined(input.Modality.Value), "modality", RequestMessages.ModalityRequired)
            .AddIf(input.Place is { Length: > MaxPlaceLength }, "place", Messages.TooLong)
            .AddIf(input.Access is { Length: > MaxAccessLength }, "access", Messages.TooLong);
        CheckTimes(errors, input.Start, input.End);
        return AddAsync(actorId, userId, errors, id => db.AvailabilityWindows.Add(new AvailabilityWindow
        {
            Id = Guid.NewGuid(),
            PractitionerId = id,
            Day = input.Day!.Value,
            Start = input.Start!.Value,
            End = input.End!.Value,
            Modality = input.Modality!.Value,
            Place = string.IsNullOrWhiteSpace(input.Place) ? null : input.Place.Trim(),
            Access = string.IsNullOrWhiteSpace(input.Access) ? null : input.Access.Trim(),
        }).Entity.Id, "availability.window_added", ct);
    }

    public Task<Outcome<Guid>> AddOpeningAsync(Guid actorId, Guid userId, OpeningInput input, CancellationToken ct = default)
    {
        var errors = new FieldErrors()
            .AddIf(input.Date is null, "date", Messages.Required)
            .AddIf(input.Modality is null || !Enum.IsDefined(input.Modality.Value), "modality", RequestMessages.ModalityRequired);
        CheckTimes(errors, input.Start, input.End);
        return AddAsync(actorId, userId, errors, id => db.AvailabilityOpenings.Add(new AvailabilityOpening
        {
            Id = Guid.NewGuid(),
            PractitionerId = id,
            Date = input.Date!.Value,
            Start = input.Start!.Value,
            End = input.End!.Value,
            Modality = input.Modality!.Value,
        }).Entity.Id, "availability.opening_added", ct);
    }

    public Task<Outcome<Guid>> AddLeaveAsync(Guid actorId, Guid userId, LeaveInput input, CancellationToken ct = default)
    {
        var errors = new FieldErrors()
            .AddIf(input.Start is null, "start", Messages.Required)
            .AddIf(input.End is null, "end", Messages.Required);
        if (!errors.Any && input.End <= input.Start)
        {
            errors.Add("end", SchedulingMessages.WindowInvalid);
        }

        return AddAsync(actorId, userId, errors, id => db.PractitionerLeaves.Add(new PractitionerLeave
        {
            Id = Guid.NewGuid(),
            PractitionerId = id,
            Start = input.Start!.Value,
            End = input.End!.Value,
        }).Entity.Id, "availability.leave_added", ct);
    }

    public async Task<Outcome<Guid>> AddPriorLinkAsync(Guid actorId, Guid userId, PriorLinkInput input, CancellationToken ct = default)
    {
        var errors = new FieldErrors();
        if (input.OrganisationId is not { } organisationId || !await db.Organisations.AnyAsync(o => o.Id == organisationId, ct))
        {
            errors.Add("organisationId", RequestMessages.OrganisationUnknown);
        }
        else if (input.DepartmentId is { } department
            && !await db.OrganisationUnits.AnyAsync(u => u.Id == department && u.OrganisationId == organisationId && u.Kind == Organisations.UnitKind.Department, ct))
        {
            errors.Add("departmentId", RequestMessages.UnitUnknown);
        }

        return await AddAsync(actorId, userId, errors, id => db.PriorLinks.Add(new PriorLink
        {
            Id = Guid.NewGuid(),
            PractitionerId = id,
            OrganisationId = input.OrganisationId!.Value,
            DepartmentId = input.DepartmentId,
        }).Entity.Id, "practitioner.prior_link_declared", ct);
    }

    /// <summary>Removes one window, opening, leave or prior link of this practitioner; false when there is none with that id.</summary>
    public async Task<bool> RemoveAsync(Guid actorId, Guid userId, Guid itemId, CancellationToken ct = default)
    {
        if (await ProfileIdAsync(userId, ct) is not { } id)
        {
            return false;
        }

        var removed = await db.AvailabilityWindows.Where(x => x.Id == itemId && x.PractitionerId == id).ExecuteDeleteAsync(ct)
            + await db.AvailabilityOpenings.Where(x => x.Id == itemId && x.PractitionerId == id).ExecuteDeleteAsync(ct)
            + await db.PractitionerLeaves.Where(x => x.Id == itemId && x.PractitionerId == id).ExecuteDeleteAsync(ct)
            + await db.PriorLinks.Where(x => x.Id == itemId && x.PractitionerId == id).ExecuteDeleteAsync(ct);
        if (removed > 0)
        {
            await audit.AppendAsync(AuditTrail.Staff(actorId), "availability.removed", itemId.ToString(), null, ct);
        }

        return removed > 0;
    }

    private static void CheckTimes(FieldErrors errors, LocalTime? start, LocalTime? end)
    {
        errors.AddIf(start is null, "start", Messages.Required).AddIf(end is null, "end", Messages.Required);
        if (start is { } s && end is { } e && e <= s)
        {
            errors.Add("end", SchedulingMessages.WindowInvalid);
        }
    }

    private async Task<Outcome<Guid>> AddAsync(Guid actorId, Guid userId, FieldErrors errors, Func<Guid, Guid> add, string action, CancellationToken ct)
    {
        if (await ProfileIdAsync(userId, ct) is not { } profileId)
        {
            return Outcome<Guid>.Fail(OutcomeStatus.NotFound, Messages.NotFound);
        }

        if (errors.Any)
        {
            return Outcome<Guid>.Invalid(errors);
        }

        var id = add(profileId);
        await db.SaveChangesAsync(ct);
        await audit.AppendAsync(AuditTrail.Staff(actorId), action, id.ToString(), null, ct);
        return Outcome<Guid>.Ok(id);
    }

    private Task<Guid?> ProfileIdAsync(Guid userId, CancellationToken ct) =>
        db.PractitionerProfiles.Where(p => p.UserId == userId).Select(p => (Guid?)p.Id).FirstOrDefaultAsync(ct);
}
