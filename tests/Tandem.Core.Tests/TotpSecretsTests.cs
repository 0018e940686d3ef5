using System.Security.Cryptography;
using Tandem.Core.Security;
using Tandem.Core.Security.Encryption;
using Tandem.Core.Staff;

namespace Tandem.Core.Tests;

public sealed class TotpSecretsTests
{
    private static readonly byte[] Key = MasterKeys.Generate();

    private static StaffUser Account(string? totpSecret = null) =>
        new() { Id = Guid.NewGuid(), DisplayName = "Test", Role = Roles.Coordinator, TotpSecret = totpSecret };

    [Fact]
    public void Sealed_HoldsNoSecret_OpensForItsAccountOnly()
    {
        var secrets = new TotpSecrets(new MasterKeys([Key]));
        var secret = TotpCodes.NewSecret();
        var user = Account();

        user.TotpSecret = secrets.Seal(user.Id, secret);

        Assert.StartsWith($"sealed1:{MasterKeys.IdOf(Key)}:", user.TotpSecret, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, user.TotpSecret, StringComparison.Ordinal);
        Assert.Equal(secret, secrets.Open(user));

        // Copied onto another account, it does not open.
        var other = Account(user.TotpSecret);
        Assert.ThrowsAny<CryptographicException>(() => secrets.Open(other));
    }

    [Fact]
    public void Sealed_WithAnOlderKey_StillOpens_WhileThatKeyIsConfigured()
    {
        var newer = MasterKeys.Generate();
        var user = Account();
        user.TotpSecret = new TotpSecrets(new MasterKeys([Key])).Seal(user.Id, "JBSWY3DPEHPK3PXP");

        Assert.Equal("JBSWY3DPEHPK3PXP", new TotpSecrets(new MasterKeys([newer, Key])).Open(user));
        Assert.ThrowsAny<CryptographicException>(() => new TotpSecrets(new MasterKeys([newer])).Open(user));
    }

    [Fact]
    public void StoredInClear_BeforeSealing_IsStillRead_AndNoneIsNone()
    {
        var secrets = new TotpSecrets(new MasterKeys([Key]));
        Assert.Equal("JBSWY3DPEHPK3PXP", secrets.Open(Account("JBSWY3DPEHPK3PXP")));
        Assert.Null(secrets.Open(Account()));
    }
}
