using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Tandem.Core.Programmes;

namespace Tandem.Web.Pages.Public;

/// <summary>A participant's personal link: the group's rules, and the button to accept them before the first session.</summary>
public sealed class RulesModel(TeamProgrammes programmes, IStringLocalizer<SharedResource> localizer) : TandemPageModel(localizer)
{
    public RulesView View { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string token, CancellationToken ct)
    {
        View = (await programmes.RulesAsync(token, ct))!;
        return View is null ? NotFound() : Page();
    }

    public async Task<IActionResult> OnPostAsync(string token, bool agree, CancellationToken ct)
    {
        if (!agree)
        {
            ModelState.AddModelError(string.Empty, L["Rules.TickToAccept"]);
            return await OnGetAsync(token, ct);
        }

        return await programmes.AcceptRulesAsync(token, ct) ? RedirectToPage(new { token }) : NotFound();
    }
}
