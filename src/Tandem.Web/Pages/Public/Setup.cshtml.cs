using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Tandem.Core.Staff;

namespace Tandem.Web.Pages.Public;

public sealed class SetupModel(FirstAdministratorSetup setup, IStringLocalizer<SharedResource> localizer) : TandemPageModel(localizer), INewPasswordForm
{
    public bool Usable { get; private set; }

    [BindProperty]
    public string? DisplayName { get; set; }

    [BindProperty]
    public string? Email { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    [BindProperty]
    public string? PasswordConfirmation { get; set; }

    public async Task<IActionResult> OnGetAsync(string token, CancellationToken ct)
    {
        Usable = await setup.IsUsableAsync(token, ct);
        if (!Usable)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string token, CancellationToken ct)
    {
        var outcome = await setup.CompleteAsync(token, DisplayName, Email, Password, PasswordConfirmation, ct);
        if (outcome.Succeeded)
        {
            TempData["Notice"] = L["Setup.Done"].Value;
            return LocalRedirect("/connexion");
        }

        Usable = outcome.Status != Core.Common.OutcomeStatus.NotFound;
        if (!Usable)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
        }

        AddErrors(outcome);
        return Page();
    }
}
