using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Tandem.Core.Data;
using Tandem.Core.Staff;
using Tandem.Web.Authorization;

namespace Tandem.Web.Pages.Staff;

/// <summary>The staff member's own security: recovery codes, security keys, password change, the sessions open and ending them.</summary>
public sealed class SecurityModel(
    TandemDbContext db,
    TotpEnrolment enrolment,
    StaffPasswordChange passwords,
    StaffSessions sessions,
    StaffSessionRegistry registry,
    SecurityKeys keys,
    Microsoft.AspNetCore.Identity.UserManager<StaffUser> users,
    IStringLocalizer<SharedResource> localizer) : TandemPageModel(localizer), INewPasswordForm
{
    public IReadOnlyList<SecurityKeyView> Keys { get; private set; } = [];

    /// <summary>The name given to a new key, as "Clé bleue" or "Téléphone".</summary>
    [BindProperty]
    public string? KeyName { get; set; }

    /// <summary>The password typed again to add a key.</summary>
    [BindProperty]
    public string? KeyPassword { get; set; }

    /// <summary>The browser's answer to the ceremony, filled in by the page's script.</summary>
    [BindProperty]
    public string? KeyCredential { get; set; }

    [BindProperty]
    public string? KeyState { get; set; }

    /// <summary>The password typed again to remove a key.</summary>
    [BindProperty]
    public string? RemoveKeyPassword { get; set; }

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
        await LoadListsAsync(ct);
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

    /// <summary>The options for the browser's key ceremony, fetched by the page's script before the form is sent.</summary>
    public async Task<IActionResult> OnPostKeyOptionsAsync()
    {
        if (await users.GetUserAsync(User) is not { } user)
        {
            return NotFound();
        }

        return new JsonResult(await keys.BeginRegistrationAsync(HttpContext, user));
    }

    public async Task<IActionResult> OnPostAddKeyAsync(CancellationToken ct)
    {
        ModelState.Clear();
        var outcome = await keys.AddAsync(HttpContext, StaffClaims.Id(User), KeyName, KeyPassword, KeyCredential, KeyState, ct);
        if (!outcome.Succeeded)
        {
            return await RefusedAsync(outcome, new() { ["name"] = nameof(KeyName), ["password"] = nameof(KeyPassword), ["credential"] = nameof(KeyCredential) }, ct);
        }

        Done = "Security.KeyAdded";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostRemoveKeyAsync(string? keyId, CancellationToken ct)
    {
        ModelState.Clear();
        var outcome = await keys.RemoveAsync(StaffClaims.Id(User), keyId, RemoveKeyPassword, ct);
        if (!outcome.Succeeded)
        {
            return await RefusedAsync(outcome, new() { ["password"] = nameof(RemoveKeyPassword) }, ct);
        }

        Done = "Security.KeyRemoved";
        return RedirectToPage();
    }

    /// <summary>Ends one session (<paramref name="sessionId"/>), or every other one when none is named, once the password is typed again.</summary>
    public async Task<IActionResult> OnPostEndSessionAsync(Guid? sessionId, CancellationToken ct)
    {
        ModelState.Clear();
        var outcome = await registry.EndAsync(StaffClaims.Id(User), CurrentSession, sessionId, SessionPassword, ct);
        if (!outcome.Succeeded)
        {
            return await RefusedAsync(outcome, new() { ["password"] = nameof(SessionPassword) }, ct);
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

    /// <summary>The page again, each message next to its field (<paramref name="fields"/> maps the handler's to the page's) or at the top.</summary>
    private async Task<IActionResult> RefusedAsync<T>(Core.Common.Outcome<T> outcome, Dictionary<string, string> fields, CancellationToken ct)
    {
        Response.StatusCode = outcome.Status switch
        {
            Core.Common.OutcomeStatus.Throttled => StatusCodes.Status429TooManyRequests,
            Core.Common.OutcomeStatus.NotFound => StatusCodes.Status404NotFound,
            _ => StatusCodes.Status200OK,
        };
        foreach (var (field, messages) in outcome.Errors)
        {
            foreach (var message in messages)
            {
                ModelState.AddModelError(fields.GetValueOrDefault(field, string.Empty), L[message]);
            }
        }

        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Remaining = await RecoveryCodes.RemainingAsync(db, StaffClaims.Id(User), ct);
        await LoadListsAsync(ct);
    }

    /// <summary>The sessions and the security keys, shown whatever the form just sent.</summary>
    private async Task LoadListsAsync(CancellationToken ct)
    {
        Sessions = await registry.ListAsync(StaffClaims.Id(User), ct);
        Keys = await users.GetUserAsync(User) is { } user ? await keys.ListAsync(user) : [];
    }
}
