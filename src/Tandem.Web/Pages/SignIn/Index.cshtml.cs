using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;
using Tandem.Core.Common;
using Tandem.Core.Staff;
using Tandem.Web.Authorization;
using Tandem.Web.Hosting;

namespace Tandem.Web.Pages.SignIn;

[EnableRateLimiting(AuthHosting.SignInRateLimit)]
public sealed class SignInModel(StaffSignIn signIn, PendingSignIn pending, IStringLocalizer<SharedResource> localizer) : TandemPageModel(localizer)
{
    [BindProperty]
    public string? Email { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    public IActionResult OnGet() => User.Identity?.IsAuthenticated == true ? LocalRedirect("/espace") : Page();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var outcome = await signIn.CheckPasswordAsync(Email, Password, ct);
        if (outcome.Succeeded)
        {
            pending.Remember(HttpContext, outcome.Value!.UserId);
            return LocalRedirect(outcome.Value.Next == SecondFactorStep.Enrol ? "/connexion/activation" : "/connexion/code");
        }

        if (outcome.Status == OutcomeStatus.Throttled)
        {
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
        }

        AddErrors(outcome);
        Password = null;
        return Page();
    }
}
