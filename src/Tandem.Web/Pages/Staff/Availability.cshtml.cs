using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using NodaTime;
using NodaTime.Text;
using Tandem.Core.Common;
using Tandem.Core.Data;
using Tandem.Core.Organisations;
using Tandem.Core.Requests;
using Tandem.Core.Scheduling;
using Tandem.Web.Authorization;

namespace Tandem.Web.Pages.Staff;

/// <summary>A practitioner's weekly windows, leave and declared prior links, without JavaScript.</summary>
public sealed class AvailabilityModel(AvailabilityEditor editor, TandemDbContext db, IStringLocalizer<SharedResource> localizer) : TandemPageModel(localizer)
{
    public AvailabilityView? View { get; private set; }

    public IReadOnlyList<Organisation> Organisations { get; private set; } = [];

    public string OrganisationName(Guid organisationId, Guid? departmentId)
    {
        var organisation = Organisations.FirstOrDefault(o => o.Id == organisationId);
        var department = organisation?.Units.FirstOrDefault(u => u.Id == departmentId);
        return (organisation?.Name ?? "—") + (department is null ? string.Empty : " — " + department.Name);
    }

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public async Task<IActionResult> OnPostWindowAsync(IsoDayOfWeek? day, string? start, string? end, string? modality, string? place, string? access, CancellationToken ct) =>
        await AfterAsync(await editor.AddWindowAsync(StaffClaims.Id(User), StaffClaims.Id(User),
            new WindowInput(day, Time(start), Time(end), Codes.Parse<Modality>(modality), place, access), ct), ct);

    public async Task<IActionResult> OnPostLeaveAsync(string? from, string? to, CancellationToken ct)
    {
        var zone = Display.ServiceZone;
        Instant? start = Date(from) is { } f ? f.AtStartOfDayInZone(zone).ToInstant() : null;
        Instant? endExclusive = Date(to) is { } t ? t.PlusDays(1).AtStartOfDayInZone(zone).ToInstant() : null;
        return await AfterAsync(await editor.AddLeaveAsync(StaffClaims.Id(User), StaffClaims.Id(User), new LeaveInput(start, endExclusive), ct), ct);
    }

    public async Task<IActionResult> OnPostLinkAsync(string? link, CancellationToken ct)
    {
        var parts = (link ?? string.Empty).Split(':');
        Guid? organisation = Guid.TryParse(parts[0], out var o) ? o : null;
        Guid? department = parts.Length > 1 && Guid.TryParse(parts[1], out var d) ? d : null;
        return await AfterAsync(await editor.AddPriorLinkAsync(StaffClaims.Id(User), StaffClaims.Id(User), new PriorLinkInput(organisation, department), ct), ct);
    }

    public async Task<IActionResult> OnPostRemoveAsync(Guid itemId, CancellationToken ct)
    {
        if (!await editor.RemoveAsync(StaffClaims.Id(User), StaffClaims.Id(User), itemId, ct))
        {
            return NotFound();
        }

        TempData["Notice"] = L["Team.Saved"].Value;
        return RedirectToPage();
    }

    private async Task<IActionResult> AfterAsync(Outcome<Guid> outcome, CancellationToken ct)
    {
        if (outcome.Succeeded)
        {
            TempData["Notice"] = L["Team.Saved"].Value;
            return RedirectToPage();
        }

        AddMessages(outcome);

        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        View = await editor.ReadAsync(StaffClaims.Id(User), ct);
        Organisations = await db.Organisations.AsNoTracking().Include(o => o.Units).OrderBy(o => o.Name).ToListAsync(ct);
    }

    private static LocalTime? Time(string? text) =>
        LocalTimePattern.CreateWithInvariantCulture("HH:mm").Parse(text ?? string.Empty) is { Success: true } r ? r.Value : null;

    private static LocalDate? Date(string? text) => FormValues.Date(text);
}
