using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Tandem.Core.Practitioners;
using Tandem.Core.Programmes;
using Tandem.Core.Security;
using Tandem.Web.Authorization;

namespace Tandem.Web.Pages.Organisations;

/// <summary>The coordination sets up a team programme for an institution; each broken rule is named beside its field.</summary>
public sealed class NewProgrammeModel(Tandem.Core.Organisations.Organisations organisations, TeamProgrammes programmes, PractitionerProfiles profiles, BillingSettings billing, IStringLocalizer<SharedResource> localizer)
    : TandemPageModel(localizer)
{
    public string Organisation { get; private set; } = string.Empty;

    public IReadOnlyList<ProfileView> Practitioners { get; private set; } = [];

    public BillingSettings Billing => billing;

    [BindProperty]
    public string? Type { get; set; }

    [BindProperty]
    public Guid? FacilitatorId { get; set; }

    [BindProperty]
    public string? Participants { get; set; }

    [BindProperty]
    public string? StartDate { get; set; }

    [BindProperty]
    public string? EndDate { get; set; }

    [BindProperty]
    public int? SessionsPerMonth { get; set; } = 1;

    /// <summary>As typed: a number input sends "120.50" whatever the page's language.</summary>
    [BindProperty]
    public string? HourlyRate { get; set; }

    [BindProperty]
    public int? SessionMinutes { get; set; } = TeamProgrammes.DefaultSessionMinutes;

    private bool MayCreate => User.IsInRole(Roles.Coordinator) || User.IsInRole(Roles.Administrator);

    public async Task<IActionResult> OnGetAsync(Guid orgId, CancellationToken ct) => await LoadAsync(orgId, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(Guid orgId, CancellationToken ct)
    {
        if (!await LoadAsync(orgId, ct))
        {
            return NotFound();
        }

        var names = (Participants ?? string.Empty).Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var outcome = await programmes.CreateAsync(StaffClaims.Id(User), orgId, new ProgrammeInput(
            Codes.Parse<ProgrammeType>(Type), FacilitatorId, names, FormValues.Date(StartDate), FormValues.Date(EndDate), SessionsPerMonth, Rate(HourlyRate), SessionMinutes), ct);
        if (outcome.Succeeded)
        {
            TempData["Notice"] = L["Programmes.Created"].Value;
            return Redirect($"/programmes/{outcome.Value}");
        }

        AddErrors(outcome);
        return Page();
    }

    private static decimal? Rate(string? value) =>
        decimal.TryParse(value?.Trim().Replace(',', '.'), System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out var rate) ? rate : null;

    private async Task<bool> LoadAsync(Guid orgId, CancellationToken ct)
    {
        if (!MayCreate || await organisations.ReadAsync(StaffClaims.Id(User), orgId, ct) is not { } view)
        {
            return false;
        }

        Organisation = view.Name;
        Practitioners = await profiles.PublicListAsync(ct);
        return true;
    }
}
