using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Tandem.Core.Staff;

namespace Tandem.Web.Pages.Public;

public sealed class InvitationModel(Invitations invitations, IStringLocalizer<SharedResource> localizer) : TandemPageModel(localizer)
{
    public PendingInvitation? Invitation { get; private set; }

    [BindProperty]
    public string? Password { get; set; }

    [BindProperty]
    public string? PasswordConfirmation { get; set; }

    public async Task<IActionResult> OnGetAsync(string token, CancellationToken ct)
    {
        Invitation = await invitations.FindAsync(token, ct);
        if (Invitation is null)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string token, CancellationToken ct)
    {
        var outcome = await invitations.AcceptAsync(token, Password, PasswordConfirmation, ct);
        if (outcome.Succeeded)
        {
            TempData["Notice"] = L["Invitation.Done"].Value;
            return LocalRedirect("/connexion");
        }

        Invitation = await invitations.FindAsync(token, ct);
        if (Invitation is null)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
        }

        AddErrors(outcome);
        return Page();
    }
}
