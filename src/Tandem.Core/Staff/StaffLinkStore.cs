using Microsoft.EntityFrameworkCore;
using NodaTime;
using Tandem.Core.Common;
using Tandem.Core.Data;
using Tandem.Core.Security;

namespace Tandem.Core.Staff;

/// <summary>
/// What the set-up link, invitations and new-password links share: finding a usable link by its
/// token's hash, and using it once — claimed atomically, so that of two concurrent submissions only
/// one goes through, and given back when what it was for fails.
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

    /// <summary>
    /// Claims the link, then does what it is for; gives it back when that fails. A link claimed or
    /// revoked meanwhile answers <see cref="Messages.LinkInvalid"/> and nothing is done.
    /// </summary>
    public static async Task<Outcome<T>> UseAsync<T>(TandemDbContext db, Guid linkId, Instant now, Func<Task<Outcome<T>>> use, CancellationToken ct)
    {
        var claimed = await db.StaffLinks
            .Where(l => l.Id == linkId && l.UsedAt == null && l.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.UsedAt, now), ct) == 1;
        if (!claimed)
        {
            return Outcome<T>.Fail(OutcomeStatus.NotFound, Messages.LinkInvalid);
        }

        var outcome = await use();
        if (!outcome.Succeeded)
        {
            await db.StaffLinks.Where(l => l.Id == linkId).ExecuteUpdateAsync(s => s.SetProperty(l => l.UsedAt, (Instant?)null), ct);
        }

        return outcome;
    }
}
