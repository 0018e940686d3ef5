using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Tandem.Core.Organisations;
using Tandem.Core.Security;
using Tandem.Web.Authorization;

namespace Tandem.Web.Pages.Organisations;

/// <summary>The organisations: every one for the coordination and administrators (who create them); a contact goes straight to their own.</summary>
public sealed class OrganisationsModel(Tandem.Core.Organisations.Organisations organisations, IStringLocalizer<SharedResource> localizer) : TandemPageModel(localizer)
{
    public IReadOnlyList<OrganisationSummary> List { get; private set; } = [];

    public bool MayCreate => User.IsInRole(Roles.Administrator);

    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public string? Kind { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (User.IsInRole(Roles.OrganisationContact))
        {
            return await organisations.OfContactAsync(StaffClaims.Id(User), ct) is { } id ? Redirect($"/organisations/{id}") : NotFound();
        }

        if (!User.IsInRole(Roles.Administrator) && !User.IsInRole(Roles.Coordinator))
        {
            return NotFound();
        }

        List = await organisations.ListAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!MayCreate)
        {
            return NotFound();
        }

        var outcome = await organisations.CreateAsync(StaffClaims.Id(User), new OrganisationInput(Name, Codes.Parse<OrganisationKind>(Kind)), ct);
        if (outcome.Succeeded)
        {
            return Redirect($"/organisations/{outcome.Value}");
        }

        AddErrors(outcome);
        List = await organisations.ListAsync(ct);
        return Page();
    }
}
