using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;
using Tandem.Core.Staff;

namespace Tandem.Web.Pages.Public;

/// <summary>A forgotten password: the person chooses a new one with the single-use link an administrator gave them.</summary>
[EnableRateLimiting(Hosting.AuthHosting.SignInRateLimit)]
public sealed class PasswordResetModel(PasswordResets resets, IStringLocalizer<SharedResource> localizer) : TandemPageModel(localizer)
{
    public PendingPasswordReset? Reset { get; private set; }

    [BindProperty]
    public string? Password { get; set; }

    [BindProperty]
    public string? PasswordConfirmation { get; set; }

    public async Task<IActionResult> OnGetAsync(string token, CancellationToken ct)
    {
        Reset = await resets.FindAsync(token, ct);
        if (Reset is null)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string token, CancellationToken ct)
    {
        var outcome = await resets.CompleteAsync(token, Password, PasswordConfirmation, ct);
        if (outcome.Succeeded)
        {
            TempData["Notice"] = L["PasswordReset.Done"].Value;
            return LocalRedirect("/connexion");
        }

        Reset = await resets.FindAsync(token, ct);
        if (Reset is null)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
        }

        AddErrors(outcome);
        return Page();
    }
}
