using Microsoft.EntityFrameworkCore;
using Tandem.Core.Data;
using Tandem.Core.Security;

namespace Tandem.Core.Staff;

/// <summary>Ten single-use codes that stand in for a lost authenticator; stored by hash only.</summary>
public static class RecoveryCodes
{
    public const int Count = 10;

    /// <summary>Replaces every code of the account and returns the new ones, to be shown once.</summary>
    public static async Task<IReadOnlyList<string>> ReplaceAsync(TandemDbContext db, Guid userId, CancellationToken ct)
    {
        await db.StaffRecoveryCodes.Where(c => c.UserId == userId).ExecuteDeleteAsync(ct);
        var codes = Enumerable.Range(0, Count).Select(_ => SecretTokens.NewTypedCode(2)).ToList();
        db.StaffRecoveryCodes.AddRange(codes.Select(c => new StaffRecoveryCode
        {
            Id = Guid.NewGuid(),
            UserId = userId,
            CodeHash = SecretTokens.Hash(SecretTokens.NormaliseTypedCode(c)),
        }));
        await db.SaveChangesAsync(ct);
        return codes;
    }

    /// <summary>Deletes the matching code if there is one; true when a code was consumed by this call.</summary>
    public static async Task<bool> RedeemAsync(TandemDbContext db, Guid userId, string code, CancellationToken ct)
    {
        var hash = SecretTokens.Hash(SecretTokens.NormaliseTypedCode(code));
        var deleted = await db.StaffRecoveryCodes.Where(c => c.UserId == userId && c.CodeHash == hash).ExecuteDeleteAsync(ct);
        return deleted == 1;
    }

    public static Task<int> RemainingAsync(TandemDbContext db, Guid userId, CancellationToken ct) =>
        db.StaffRecoveryCodes.CountAsync(c => c.UserId == userId, ct);
}
