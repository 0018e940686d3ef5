using Microsoft.Extensions.Localization;
using Tandem.Core.Data;
using Tandem.Core.Staff;
using Tandem.Web.Authorization;

namespace Tandem.Web.Pages.Staff;

public sealed class SecurityModel(TandemDbContext db, TotpEnrolment enrolment, IStringLocalizer<SharedResource> localizer) : TandemPageModel(localizer)
{
    public int Remaining { get; private set; }

    public IReadOnlyList<string>? NewCodes { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) =>
        Remaining = await RecoveryCodes.RemainingAsync(db, StaffClaims.Id(User), ct);

    public async Task OnPostAsync(CancellationToken ct)
    {
        NewCodes = await enrolment.RegenerateRecoveryCodesAsync(StaffClaims.Id(User), ct);
        Remaining = NewCodes.Count;
    }
}
