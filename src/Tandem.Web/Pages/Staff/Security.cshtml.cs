using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Tandem.Core.Data;
using Tandem.Core.Staff;
using Tandem.Web.Authorization;

namespace Tandem.Web.Pages.Staff;

/// <summary>The staff member's own security: recovery codes, password change, the sessions open and ending them.</summary>
public sealed class SecurityModel(TandemDbContext db, TotpEnrolment enrolment, StaffPasswordChange passwords, StaffSessions sessions, StaffSessionRegistry registry, IStringLocalizer<SharedResource> localizer) : TandemPageModel(localizer), INewPasswordForm
{
    public int Remaining { get; private set; }

    public IReadOnlyList<StaffSessionView> Sessions { get; private set; } = [];

    public Guid CurrentSession => StaffClaims.SessionId(User);

    /// <summary>The password typed again to end a session (ASVS 7.5.2).</summary>
    [BindProperty]
    public string? SessionPassword { get; set; }

    public IReadOnlyList<string>? NewCodes { get; private set; }

    [BindProperty]
    public string? CurrentPassword { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    [BindProperty]
    public string? PasswordConfirmation { get; set; }

    [TempData]
    public string? Done { get; set; }

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public async Task OnPostAsync(CancellationToken ct)
    {
        NewCodes = await enrolment.RegenerateRecoveryCodesAsync(StaffClaims.Id(User), ct);
        Remaining = NewCodes.Count;
        Sessions = await registry.ListAsync(StaffClaims.Id(User), ct);
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
            await LoadAsync(ct);
            return Page();
        }

        await sessions.SignInAsync(outcome.Value!);
        Done = "Security.PasswordChanged";
        return RedirectToPage();
    }

    /// <summary>Ends one session (<paramref name="sessionId"/>), or every other one when none is named, once the password is typed again.</summary>
    public async Task<IActionResult> OnPostEndSessionAsync(Guid? sessionId, CancellationToken ct)
    {
        ModelState.Clear();
        var outcome = await registry.EndAsync(StaffClaims.Id(User), CurrentSession, sessionId, SessionPassword, ct);
        if (!outcome.Succeeded)
        {
            Response.StatusCode = outcome.Status switch
            {
                Core.Common.OutcomeStatus.Throttled => StatusCodes.Status429TooManyRequests,
                Core.Common.OutcomeStatus.NotFound => StatusCodes.Status404NotFound,
                _ => StatusCodes.Status200OK,
            };
            foreach (var (field, keys) in outcome.Errors)
            {
                foreach (var key in keys)
                {
                    ModelState.AddModelError(field == "password" ? nameof(SessionPassword) : string.Empty, L[key]);
                }
            }

            await LoadAsync(ct);
            return Page();
        }

        if (sessionId == CurrentSession)
        {
            await HttpContext.SignOutAsync(Microsoft.AspNetCore.Identity.IdentityConstants.ApplicationScheme);
            return Redirect("/connexion");
        }

        Done = sessionId is null ? "Security.OthersEnded" : "Security.SessionEnded";
        return RedirectToPage();
    }

    /// <summary>Signs out every session of the account, this one included.</summary>
    public async Task<IActionResult> OnPostEndSessionsAsync(CancellationToken ct)
    {
        await passwords.EndSessionsAsync(StaffClaims.Id(User), ct);
        await HttpContext.SignOutAsync(Microsoft.AspNetCore.Identity.IdentityConstants.ApplicationScheme);
        return Redirect("/connexion");
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Remaining = await RecoveryCodes.RemainingAsync(db, StaffClaims.Id(User), ct);
        Sessions = await registry.ListAsync(StaffClaims.Id(User), ct);
    }
}
