using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using NodaTime;
using NodaTime.Text;
using Tandem.Core.Hotline;
using Tandem.Core.Scheduling;
using Tandem.Web.Authorization;

namespace Tandem.Web.Pages.Staff;

public sealed record UnitChoice(Guid OrganisationId, Guid? UnitId, string Label);

/// <summary>The practitioner on call logs a listening-line call in a few seconds: no name, no number.</summary>
public sealed class LineModel(Listening listening, Tandem.Core.Data.TandemDbContext db, SchedulingSettings settings, IClock clock, IStringLocalizer<SharedResource> localizer)
    : TandemPageModel(localizer)
{
    public IReadOnlyList<ShiftView> Rota { get; private set; } = [];

    public IReadOnlyList<UnitChoice> Departments { get; private set; } = [];

    public IReadOnlyList<UnitChoice> JobFamilies { get; private set; } = [];

    public string Now { get; private set; } = string.Empty;


    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(string? at, int? durationMinutes, string? department, string? jobFamily, string[]? themes, string? outcome, CancellationToken ct)
    {
        // A department or job family choice carries its organisation ("organisation:unit"); "organisation:" alone names the organisation only.
        var (organisation, departmentId) = Split(department);
        var (jobOrganisation, jobFamilyId) = Split(jobFamily);
        var org = organisation ?? jobOrganisation;

        // A job family of another organisation than the department's is refused by the handler (an unknown unit).
        var job = jobFamilyId is null ? null : jobOrganisation == org ? jobFamilyId : Guid.Empty;
        var result = await listening.LogCallAsync(StaffClaims.Id(User), new CallInput(
            FormValues.Instant(at, settings.Zone), durationMinutes, org, departmentId, job, themes ?? [], Codes.Parse<CallOutcome>(outcome)), ct);
        if (result.Succeeded)
        {
            TempData["Notice"] = L["Line.Logged"].Value;
            return RedirectToPage();
        }

        AddMessages(result);
        await LoadAsync(ct);
        return Page();
    }

    private static (Guid? Organisation, Guid? Unit) Split(string? value)
    {
        var parts = (value ?? string.Empty).Split(':');
        return (parts.Length > 0 && Guid.TryParse(parts[0], out var org) ? org : null, parts.Length > 1 && Guid.TryParse(parts[1], out var unit) ? unit : null);
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var now = clock.GetCurrentInstant();
        Now = now.InZone(settings.Zone).LocalDateTime.ToString("uuuu-MM-dd'T'HH:mm", null);
        Rota = await listening.RotaAsync(now - Duration.FromHours(12), now + Duration.FromDays(7), ct);
        var organisations = await db.Organisations.AsNoTracking().Include(o => o.Units).OrderBy(o => o.Name).ToListAsync(ct);
        List<UnitChoice> Choices(Tandem.Core.Organisations.UnitKind kind) => organisations
            .SelectMany(o => new[] { new UnitChoice(o.Id, null, o.Name) }
                .Concat(o.Units.Where(u => u.Kind == kind).OrderBy(u => u.Position).Select(u => new UnitChoice(o.Id, u.Id, $"{o.Name} — {u.Name}"))))
            .ToList();
        Departments = Choices(Tandem.Core.Organisations.UnitKind.Department);
        JobFamilies = Choices(Tandem.Core.Organisations.UnitKind.JobFamily);
    }
}
