using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using NodaTime;
using Tandem.Core.Requests;
using Tandem.Web.Authorization;

namespace Tandem.Web.Pages.Space;

/// <summary>A printable page of everything the space holds, for the person alone.</summary>
public sealed class PrintModel(BeneficiaryAccess access, IClock clock, IStringLocalizer<SharedResource> localizer) : TandemPageModel(localizer)
{
    public SpaceView? View { get; private set; }

    public Instant Now { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        View = await access.ReadAsync(BeneficiarySessions.Session(User), ct);
        Now = clock.GetCurrentInstant();
        return View is null ? NotFound() : Page();
    }
}
