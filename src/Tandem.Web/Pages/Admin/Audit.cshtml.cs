using Microsoft.Extensions.Localization;
using NodaTime;
using Tandem.Core.Security.Audit;
using Tandem.Web.Authorization;

namespace Tandem.Web.Pages.Admin;

public sealed class AuditModel(AuditVerifier verifier, IStringLocalizer<SharedResource> localizer) : TandemPageModel(localizer)
{
    private const int PageSize = 100;

    public IReadOnlyList<AuditEntry> Entries { get; private set; } = [];

    public AuditVerification? Verification { get; private set; }

    public string Format(Instant instant) => Display.DateTimeWithSeconds(instant);

    public async Task OnGetAsync(long? before, CancellationToken ct) => Entries = await verifier.PageAsync(before, PageSize, ct);

    public async Task OnPostVerifyAsync(CancellationToken ct)
    {
        Verification = await verifier.VerifyForAsync(StaffClaims.Id(User), ct);
        Entries = await verifier.PageAsync(null, PageSize, ct);
    }
}
