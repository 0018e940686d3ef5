using System.Text;
using Microsoft.EntityFrameworkCore;
using Tandem.Core.Data;
using Tandem.Core.Security.Encryption;

namespace Tandem.Core.Staff;

/// <summary>
/// The staff's TOTP secrets are stored sealed with the master key (AES-256-GCM, bound to the
/// account), so a copy of the database gives no second factor away:
/// <c>sealed1:{master key id}:{base64}</c>. A secret stored in clear before sealing existed is
/// still read, and sealed at the next start; rotating the master key seals them again.
/// </summary>
public sealed class TotpSecrets(MasterKeys masterKeys)
{
    private const string Prefix = "sealed1:";

    public string Seal(Guid userId, string secret)
    {
        var (keyId, sealedBytes) = masterKeys.Seal(Encoding.ASCII.GetBytes(secret), Purpose(userId));
        return $"{Prefix}{keyId}:{Convert.ToBase64String(sealedBytes)}";
    }

    /// <summary>The account's secret in clear, to check a code or show it during enrolment; null when it has none.</summary>
    public string? Open(StaffUser user)
    {
        if (user.TotpSecret is not { } stored || !IsSealed(stored, out var keyId, out var sealedBytes))
        {
            return user.TotpSecret;
        }

        return Encoding.ASCII.GetString(masterKeys.Open(keyId, sealedBytes, Purpose(user.Id)));
    }

    /// <summary>
    /// Seals with the current master key every secret stored in clear or with an older key. A
    /// secret whose master key is no longer loaded stays as it is (its account cannot pass its
    /// second factor until an administrator resets it) and does not stop the others.
    /// </summary>
    /// <returns>How many were sealed again.</returns>
    public async Task<int> SealAllAsync(TandemDbContext db, CancellationToken ct = default)
    {
        const int MaxAttempts = 5;
        var current = $"{Prefix}{masterKeys.CurrentId}:";
        for (var attempt = 1; ; attempt++)
        {
            // One account per member of staff: a few hundred rows at most, read at once.
            var users = await db.Users.AsTracking().Where(u => u.TotpSecret != null && !u.TotpSecret.StartsWith(current)).ToListAsync(ct);
            var total = 0;
            foreach (var user in users)
            {
                try
                {
                    user.TotpSecret = Seal(user.Id, Open(user)!);
                    total++;
                }
                catch (Exception e) when (e is System.Security.Cryptography.CryptographicException or FormatException)
                {
                    // Sealed with a master key that is no longer configured (or damaged): left as it is.
                }
            }

            try
            {
                await db.SaveChangesAsync(ct);
                return total;
            }
            catch (DbUpdateConcurrencyException) when (attempt < MaxAttempts)
            {
                // An account was written meanwhile (a sign-in writes its row, and its concurrency stamp
                // refuses this save whole): forget what was read and seal again from the rows as they are now.
                foreach (var user in users)
                {
                    db.Entry(user).State = EntityState.Detached;
                }
            }
        }
    }

    private static byte[] Purpose(Guid userId) => Encoding.UTF8.GetBytes($"staff.totp:{userId:D}");

    private static bool IsSealed(string stored, out string keyId, out byte[] sealedBytes)
    {
        (keyId, sealedBytes) = (string.Empty, []);
        var colon = stored.StartsWith(Prefix, StringComparison.Ordinal) ? stored.IndexOf(':', Prefix.Length) : -1;
        if (colon < 0)
        {
            return false;
        }

        keyId = stored[Prefix.Length..colon];
        sealedBytes = Convert.FromBase64String(stored[(colon + 1)..]);
        return true;
    }
}
