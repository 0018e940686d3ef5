using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Tandem.Core.Practitioners;
using Tandem.Core.Requests;
using Tandem.Web.Authorization;

namespace Tandem.Web.Pages.Staff;

/// <summary>A practitioner's own public profile.</summary>
public sealed class ProfileModel(PractitionerProfiles profiles, IStringLocalizer<SharedResource> localizer) : TandemPageModel(localizer)
{
    [BindProperty]
    public string? PublicName { get; set; }

    [BindProperty]
    public List<string> Disciplines { get; set; } = [];

    [BindProperty]
    public List<string> Modalities { get; set; } = [];

    [BindProperty]
    public string? Languages { get; set; } = "fr";

    [BindProperty]
    public string? Presentation { get; set; }

    [BindProperty]
    public string? Places { get; set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (await profiles.FindByUserAsync(StaffClaims.Id(User), ct) is { } p)
        {
            PublicName = p.Name;
            Disciplines = [.. p.Disciplines];
            Modalities = p.Modalities.Select(Codes.Of).ToList();
            Languages = string.Join(", ", p.Languages);
            Presentation = p.Presentation;
            Places = p.Places;
        }
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var modalities = Modalities.Select(Codes.Parse<Modality>).Where(m => m is not null).Select(m => m!.Value).ToList();
        var languages = (Languages ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var outcome = await profiles.SaveAsync(StaffClaims.Id(User), StaffClaims.Id(User),
            new ProfileInput(PublicName, Disciplines, languages, Presentation, Places, modalities), ct);
        if (outcome.Succeeded)
        {
            TempData["Notice"] = L["Team.Saved"].Value;
            return RedirectToPage();
        }

        AddErrors(outcome);
        return Page();
    }
}
