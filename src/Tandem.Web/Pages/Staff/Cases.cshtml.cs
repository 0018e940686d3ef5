using Microsoft.Extensions.Localization;
using Tandem.Core.Cases;
using Tandem.Web.Authorization;

namespace Tandem.Web.Pages.Staff;

/// <summary>The cases a practitioner is in the pair of.</summary>
public sealed class CasesModel(CaseFiles cases, IStringLocalizer<SharedResource> localizer) : TandemPageModel(localizer)
{
    public IReadOnlyList<CaseSummary> Cases { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Cases = await cases.ForPractitionerAsync(StaffClaims.Id(User), ct);
}
