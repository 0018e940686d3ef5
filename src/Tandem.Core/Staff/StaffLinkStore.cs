using Microsoft.EntityFrameworkCore;
using NodaTime;
using Tandem.Core.Data;
using Tandem.Core.Security;

namespace Tandem.Core.Staff;

/// <summary>
/// What the set-up link and invitations share: finding a usable link by its token's hash,
/// and claiming it atomically so that of two concurrent submissions only one uses it.
/// </summary>
internal static class StaffLinkStore
{
    public static async Task<StaffLink?> FindUsableAsync(TandemDbContext db, string? token, StaffLinkKind kind, Instant now, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 100)
        {
            return null;
        }

        var hash = SecretTokens.Hash(token);
        var link = await db.StaffLinks.AsNoTracking().FirstOrDefaultAsync(l => l.TokenHash == hash && l.Kind == kind, ct);
        return link is not null && link.IsUsable(now) ? link : null;
    }

    /// <summary>Marks the link used; false when another request claimed or revoked it first.</summary>
    public static async Task<bool> ClaimAsync(TandemDbContext db, Guid linkId, Instant now, CancellationToken ct) =>
        await db.StaffLinks
            .Where(l => l.Id == linkId && l.UsedAt == null && l.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.UsedAt, now), ct) == 1;

    /// <summary>Gives the link back when the account could not be created after all.</summary>
    public static Task ReleaseAsync(TandemDbContext db, Guid linkId, CancellationToken ct) =>
        db.StaffLinks.Where(l => l.Id == linkId).ExecuteUpdateAsync(s => s.SetProperty(l => l.UsedAt, (Instant?)null), ct);
}
