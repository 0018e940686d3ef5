using Microsoft.Extensions.Localization;
using Tandem.Core.Cases;
using Tandem.Web.Authorization;

namespace Tandem.Web.Pages.Staff;

/// <summary>The hand-overs a practitioner received with the person's consent — and nothing else of those cases.</summary>
public sealed class ReferralsModel(Referrals referrals, IStringLocalizer<SharedResource> localizer) : TandemPageModel(localizer)
{
    public IReadOnlyList<ReceivedReferral> Received { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Received = await referrals.ReceivedAsync(StaffClaims.Id(User), ct);
}
