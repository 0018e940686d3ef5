using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Tandem.Web.Authorization;

namespace Tandem.Web.Pages.Space;

public sealed class SpaceSignOutModel(IStringLocalizer<SharedResource> localizer) : TandemPageModel(localizer)
{
    public IActionResult OnGet() => LocalRedirect(AuthSchemes.SpacePath);

    public async Task<IActionResult> OnPostAsync()
    {
        await HttpContext.SignOutAsync(AuthSchemes.Space);
        return LocalRedirect("/");
    }
}
