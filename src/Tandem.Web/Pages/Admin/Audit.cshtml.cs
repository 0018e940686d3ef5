using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using NodaTime;
using Tandem.Core.Data;
using Tandem.Core.Security.Audit;
using Tandem.Web.Authorization;

namespace Tandem.Web.Pages.Admin;

public sealed class AuditModel(TandemDbContext db, AuditVerifier verifier, AuditTrail audit, IStringLocalizer<SharedResource> localizer) : TandemPageModel(localizer)
{
    private const int PageSize = 100;

    public IReadOnlyList<AuditEntry> Entries { get; private set; } = [];

    public AuditVerification? Verification { get; private set; }

    public string Format(Instant instant) => Display.DateTimeWithSeconds(instant);

    public Task OnGetAsync(long? before, CancellationToken ct) => LoadAsync(before, ct);

    public async Task OnPostVerifyAsync(CancellationToken ct)
    {
        Verification = await verifier.VerifyAsync(ct);
        await audit.AppendAsync(AuditTrail.Staff(StaffClaims.Id(User)), AuditActions.AuditVerified, null,
            new Dictionary<string, string?> { ["intact"] = Verification.Intact ? "true" : "false" }, ct);
        await LoadAsync(null, ct);
    }

    private async Task LoadAsync(long? before, CancellationToken ct)
    {
        var query = db.AuditEntries.AsNoTracking();
        if (before is { } b)
        {
            query = query.Where(e => e.Sequence < b);
        }

        Entries = await query.OrderByDescending(e => e.Sequence).Take(PageSize).ToListAsync(ct);
    }
}
