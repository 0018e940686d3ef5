using Microsoft.Extensions.Localization;
using Tandem.Core.Programmes;
using Tandem.Web.Authorization;

namespace Tandem.Web.Pages.Staff;

/// <summary>The team programmes a practitioner facilitates, in every institution.</summary>
public sealed class ProgrammesModel(TeamProgrammes programmes, IStringLocalizer<SharedResource> localizer) : TandemPageModel(localizer)
{
    public IReadOnlyList<(Guid OrganisationId, string Organisation, ProgrammeSummary Programme)> Facilitated { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Facilitated = await programmes.FacilitatedAsync(StaffClaims.Id(User), ct);
}
