using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Tandem.Core.Data;
using Tandem.Core.Staff;
using Tandem.Web.Authorization;

namespace Tandem.Web.Pages.Staff;

/// <summary>The staff member's own security: recovery codes, password change, signing out everywhere.</summary>
public sealed class SecurityModel(TandemDbContext db, TotpEnrolment enrolment, StaffPasswordChange passwords, StaffSessions sessions, IStringLocalizer<SharedResource> localizer) : TandemPageModel(localizer), INewPasswordForm
{
    public int Remaining { get; private set; }

    public IReadOnlyList<string>? NewCodes { get; private set; }

    [BindProperty]
    public string? CurrentPassword { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    [BindProperty]
    public string? PasswordConfirmation { get; set; }

    [TempData]
    public string? Done { get; set; }

    public async Task OnGetAsync(CancellationToken ct) =>
        Remaining = await RecoveryCodes.RemainingAsync(db, StaffClaims.Id(User), ct);

    public async Task OnPostAsync(CancellationToken ct)
    {
        NewCodes = await enrolment.RegenerateRecoveryCodesAsync(StaffClaims.Id(User), ct);
        Remaining = NewCodes.Count;
    }

    /// <summary>Every other session ends with the old password; this one is opened again.</summary>
    public async Task<IActionResult> OnPostPasswordAsync(CancellationToken ct)
    {
        ModelState.Clear();
        var outcome = await passwords.ChangeAsync(StaffClaims.Id(User), CurrentPassword, Password, PasswordConfirmation, ct);
        if (!outcome.Succeeded)
        {
            Response.StatusCode = outcome.Status == Core.Common.OutcomeStatus.Throttled ? StatusCodes.Status429TooManyRequests : StatusCodes.Status200OK;
            AddErrors(outcome);
            Remaining = await RecoveryCodes.RemainingAsync(db, StaffClaims.Id(User), ct);
            return Page();
        }

        await sessions.SignInAsync(outcome.Value!);
        Done = "Security.PasswordChanged";
        return RedirectToPage();
    }

    /// <summary>Signs out every session of the account, this one included.</summary>
    public async Task<IActionResult> OnPostEndSessionsAsync(CancellationToken ct)
    {
        await passwords.EndSessionsAsync(StaffClaims.Id(User), ct);
        await HttpContext.SignOutAsync(Microsoft.AspNetCore.Identity.IdentityConstants.ApplicationScheme);
        return Redirect("/connexion");
    }
}
