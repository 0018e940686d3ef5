using Microsoft.Extensions.Localization;
using Tandem.Core.Practitioners;

namespace Tandem.Web.Pages.Public;

public sealed class IndexModel(PractitionerProfiles profiles, IStringLocalizer<SharedResource> localizer) : TandemPageModel(localizer)
{
    /// <summary>The practitioners are named publicly (seed 002): the person knows who may receive them.</summary>
    public IReadOnlyList<ProfileView> Practitioners { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Practitioners = await profiles.PublicListAsync(ct);
}
