using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Tandem.Core.Scheduling;
using Tandem.Web.Authorization;

namespace Tandem.Web.Pages.Admin;

public sealed class PairsModel(SuitedPairs pairs, IStringLocalizer<SharedResource> localizer) : TandemPageModel(localizer)
{
    public IReadOnlyList<SuitedPair> Pairs { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Pairs = await pairs.ListAsync(ct);

    public async Task<IActionResult> OnPostAddAsync(string? theme, string? disciplineA, string? disciplineB, CancellationToken ct)
    {
        var outcome = await pairs.AddAsync(StaffClaims.Id(User), new SuitedPairInput(theme, disciplineA, disciplineB), ct);
        if (outcome.Succeeded)
        {
            TempData["Notice"] = L["Team.Saved"].Value;
            return RedirectToPage();
        }

        AddMessages(outcome);

        await OnGetAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostRemoveAsync(int id, CancellationToken ct)
    {
        if (!await pairs.RemoveAsync(StaffClaims.Id(User), id, ct))
        {
            return NotFound();
        }

        TempData["Notice"] = L["Team.Saved"].Value;
        return RedirectToPage();
    }
}
