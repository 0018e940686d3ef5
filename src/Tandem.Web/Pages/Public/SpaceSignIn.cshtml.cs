using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;
using Tandem.Core.Common;
using Tandem.Core.Requests;
using Tandem.Web.Authorization;
using Tandem.Web.Hosting;

namespace Tandem.Web.Pages.Public;

[EnableRateLimiting(AuthHosting.AccessCodeRateLimit)]
public sealed class SpaceSignInModel(BeneficiaryAccess access, BeneficiarySessions sessions, IStringLocalizer<SharedResource> localizer) : TandemPageModel(localizer)
{
    [BindProperty]
    public string? AccessCode { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var outcome = await access.SignInAsync(AccessCode, ct);
        if (outcome.Succeeded)
        {
            await sessions.SignInAsync(HttpContext, outcome.Value!);
            return LocalRedirect(AuthSchemes.SpacePath);
        }

        if (outcome.Status == OutcomeStatus.Throttled)
        {
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
        }

        if (outcome.Status == OutcomeStatus.Invalid)
        {
            AddErrors(outcome);
        }
        else
        {
            ModelState.AddModelError(nameof(AccessCode), L[outcome.Errors.Values.SelectMany(v => v).First()]);
        }

        AccessCode = null;
        return Page();
    }
}
