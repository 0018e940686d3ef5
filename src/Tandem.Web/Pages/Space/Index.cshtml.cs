using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Tandem.Core.Requests;
using Tandem.Web.Authorization;

namespace Tandem.Web.Pages.Space;

public sealed class SpaceModel(BeneficiaryAccess access, RequestConversation conversation, IStringLocalizer<SharedResource> localizer) : TandemPageModel(localizer)
{
    public SpaceView? View { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        View = await access.ReadAsync(BeneficiarySessions.SpaceId(User), ct);
        return View is null ? NotFound() : Page();
    }

    public async Task<IActionResult> OnPostReplyAsync(Guid requestId, string? text, CancellationToken ct)
    {
        var outcome = await conversation.FromPersonAsync(BeneficiarySessions.SpaceId(User), requestId, text, ct);
        if (outcome.Succeeded)
        {
            return RedirectToPage();
        }

        AddErrors(outcome);
        return await OnGetAsync(ct);
    }
}
