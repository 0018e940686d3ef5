using Microsoft.EntityFrameworkCore;
using Tandem.Core.Data;
using Tandem.Core.Security.Audit;

namespace Tandem.Core.Security.Encryption;

/// <summary>
/// Re-wraps every data key with the current master key (the first one configured), in batches,
/// without touching a single sealed text, and seals the staff's TOTP secrets again with it. Once it has run, older master keys can be removed from
/// the configuration; from then on, a backup taken before holds keys nobody can unwrap.
/// </summary>
public sealed class MasterKeyRotation(TandemDbContext db, EnvelopeCrypto crypto, MasterKeys masterKeys, Staff.TotpSecrets totpSecrets, AuditTrail audit)
{
    private const int Batch = 500;

    /// <returns>How many data keys were re-wrapped.</returns>
    public async Task<int> RotateAsync(CancellationToken ct = default)
    {
        var current = masterKeys.CurrentId;
        var total = 0;
        while (true)
        {
            var keys = await db.DataKeys.Where(k => k.MasterKeyId != current).OrderBy(k => k.Id).Take(Batch).ToListAsync(ct);
            if (keys.Count == 0)
            {
                break;
            }

            foreach (var key in keys)
            {
                crypto.Rewrap(key);
            }

            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
            total += keys.Count;
        }

        var totp = await totpSecrets.SealAllAsync(db, ct);
        await audit.AppendAsync(AuditTrail.System, "master_key.rotated", current,
            new Dictionary<string, string?>
            {
                ["rewrapped"] = total.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["totp_sealed"] = totp.ToString(System.Globalization.CultureInfo.InvariantCulture),
            }, ct);
        return total;
    }
}
