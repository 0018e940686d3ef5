using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;
using Tandem.Core.Common;
using Tandem.Core.Staff;
using Tandem.Web.Authorization;
using Tandem.Web.Hosting;

namespace Tandem.Web.Pages.SignIn;

[EnableRateLimiting(AuthHosting.SignInRateLimit)]
public sealed class CodeModel(StaffSignIn signIn, PendingSignIn pending, StaffSessions sessions, SecurityKeys keys, IStringLocalizer<SharedResource> localizer) : TandemPageModel(localizer)
{
    [BindProperty]
    public string? Code { get; set; }

    /// <summary>The browser's answer to the key ceremony, filled in by the page's script.</summary>
    [BindProperty]
    public string? KeyCredential { get; set; }

    [BindProperty]
    public string? KeyState { get; set; }

    /// <summary>Whether the account has a security key, to offer it beside the code.</summary>
    public bool HasKeys { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        if (pending.Read(HttpContext) is not { } userId)
        {
            return LocalRedirect("/connexion");
        }

        HasKeys = await keys.HasAnyAsync(userId);
        return Page();
    }

    /// <summary>The options for the browser's key ceremony, fetched by the page's script.</summary>
    public async Task<IActionResult> OnPostKeyOptionsAsync() =>
        pending.Read(HttpContext) is { } userId && await keys.BeginSignInAsync(HttpContext, userId) is { } ceremony
            ? new JsonResult(ceremony)
            : NotFound();

    /// <summary>The second step with a security key instead of a code.</summary>
    public async Task<IActionResult> OnPostKeyAsync(CancellationToken ct)
    {
        if (pending.Read(HttpContext) is not { } userId)
        {
            return LocalRedirect("/connexion");
        }

        ModelState.Clear();
        var outcome = await keys.SignInAsync(HttpContext, userId, KeyCredential, KeyState, ct);
        if (outcome.Succeeded)
        {
            PendingSignIn.Forget(HttpContext);
            await sessions.SignInAsync(outcome.Value!, "pwd+hwk");
            return LocalRedirect("/espace");
        }

        if (outcome.Status == OutcomeStatus.Throttled)
        {
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
        }

        AddMessages(outcome);
        HasKeys = true;
        return Page();
    }

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
        HasKeys = await keys.HasAnyAsync(userId);
        return Page();
    }
}
