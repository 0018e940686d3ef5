using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Tandem.Core.Common;
using Tandem.Core.Staff;

namespace Tandem.Web.Pages.Public;

/// <summary>
/// A page opened by a single-use link whose form chooses a password (an invitation, a
/// new-password link): an unknown, used or expired link answers 404; success goes to the
/// sign-in page with a notice; a refusal shows the form again with its messages.
/// </summary>
public abstract class LinkPasswordPageModel<TPending>(IStringLocalizer<SharedResource> localizer) : TandemPageModel(localizer), INewPasswordForm
    where TPending : class
{
    /// <summary>What the link opens; null when it opens nothing.</summary>
    public TPending? Pending { get; private set; }

    [BindProperty]
    public string? Password { get; set; }

    [BindProperty]
    public string? PasswordConfirmation { get; set; }

    protected abstract string DoneMessageKey { get; }

    protected abstract Task<TPending?> FindAsync(string token, CancellationToken ct);

    protected abstract Task<Outcome<StaffUser>> CompleteAsync(string token, CancellationToken ct);

    public async Task<IActionResult> OnGetAsync(string token, CancellationToken ct)
    {
        await LoadAsync(token, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string token, CancellationToken ct)
    {
        var outcome = await CompleteAsync(token, ct);
        if (outcome.Succeeded)
        {
            TempData["Notice"] = L[DoneMessageKey].Value;
            return LocalRedirect("/connexion");
        }

        await LoadAsync(token, ct);
        AddErrors(outcome);
        return Page();
    }

    private async Task LoadAsync(string token, CancellationToken ct)
    {
        Pending = await FindAsync(token, ct);
        if (Pending is null)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
        }
    }
}
