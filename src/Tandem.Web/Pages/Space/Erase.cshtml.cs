using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Tandem.Core.Requests;
using Tandem.Web.Authorization;

namespace Tandem.Web.Pages.Space;

public sealed class EraseModel(BeneficiaryAccess access, IStringLocalizer<SharedResource> localizer) : TandemPageModel(localizer)
{
    [BindProperty]
    public bool Confirm { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!Confirm)
        {
            ModelState.AddModelError(nameof(Confirm), L["Erase.NotConfirmed"]);
            return Page();
        }

        await access.EraseAsync(BeneficiarySessions.SpaceId(User), ct);
        await HttpContext.SignOutAsync(AuthSchemes.Space);
        TempData["Notice"] = L["Erase.Done"].Value;
        return LocalRedirect("/mon-espace/connexion");
    }
}
