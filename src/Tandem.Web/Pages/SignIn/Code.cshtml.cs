using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;
using Tandem.Core.Common;
using Tandem.Core.Staff;
using Tandem.Web.Authorization;
using Tandem.Web.Hosting;

namespace Tandem.Web.Pages.SignIn;

[EnableRateLimiting(AuthHosting.SignInRateLimit)]
public sealed class CodeModel(StaffSignIn signIn, PendingSignIn pending, StaffSessions sessions, IStringLocalizer<SharedResource> localizer) : TandemPageModel(localizer)
{
    [BindProperty]
    public string? Code { get; set; }

    public IActionResult OnGet() => pending.Read(HttpContext) is null ? LocalRedirect("/connexion") : Page();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (pending.Read(HttpContext) is not { } userId)
        {
            return LocalRedirect("/connexion");
        }

        var outcome = await signIn.CheckSecondFactorAsync(userId, Code, ct);
        if (outcome.Succeeded)
        {
            PendingSignIn.Forget(HttpContext);
            await sessions.SignInAsync(outcome.Value!);
            return LocalRedirect("/espace");
        }

        if (outcome.Status == OutcomeStatus.Throttled)
        {
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
        }

        AddErrors(outcome);
        if (outcome.Status != OutcomeStatus.Invalid)
        {
            ModelState.AddModelError(nameof(Code), L[Messages.CodeInvalid]);
        }

        Code = null;
        return Page();
    }
}
