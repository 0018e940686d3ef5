using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Tandem.Core.Data;
using Tandem.Core.Security;

namespace Tandem.Web.Pages.Public;

public sealed class IndexModel(TandemDbContext db, IStringLocalizer<SharedResource> localizer) : TandemPageModel(localizer)
{
    /// <summary>The practitioners are named publicly (seed 002): the person knows who may receive them.</summary>
    public IReadOnlyList<string> Practitioners { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) =>
        Practitioners = await db.Users.AsNoTracking()
            .Where(u => u.Role == Roles.Practitioner && u.DeactivatedAt == null)
            .OrderBy(u => u.DisplayName)
            .Select(u => u.DisplayName)
            .ToListAsync(ct);
}
