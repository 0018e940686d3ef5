using System.Security.Cryptography;
using NodaTime;
using NodaTime.Testing;
using Tandem.Core.Requests;
using Tandem.Core.Security.Encryption;

namespace Tandem.Core.Tests;

public sealed class EnvelopeCryptoTests
{
    private static readonly FakeClock Clock = new(Instant.FromUtc(2026, 11, 22, 10, 0));

    private static EnvelopeCrypto Crypto(params byte[][] keys) => new(new MasterKeys(keys), Clock);

    [Fact]
    public void SealThenOpen_WithTheSamePurpose_GivesTheTextBack()
    {
        var crypto = Crypto(MasterKeys.Generate());
        var key = crypto.NewDataKey();
        var sealedText = crypto.Seal(key, "Je n'en peux plus — é à ç 🙂", "request.message:1");
        Assert.Equal("Je n'en peux plus — é à ç 🙂", crypto.Open(key, sealedText, "request.message:1"));
        Assert.DoesNotContain("peux", System.Text.Encoding.UTF8.GetString(sealedText.Bytes), StringComparison.Ordinal);
    }

    [Fact]
    public void Seal_SameTextTwice_GivesDifferentBytes()
    {
        var crypto = Crypto(MasterKeys.Generate());
        var key = crypto.NewDataKey();
        Assert.NotEqual(crypto.Seal(key, "x", "p").Bytes, crypto.Seal(key, "x", "p").Bytes);
    }

    [Fact]
    public void Open_UnderAnotherPurpose_Fails()
    {
        var crypto = Crypto(MasterKeys.Generate());
        var key = crypto.NewDataKey();
        var sealedText = crypto.Seal(key, "secret", "request.message:1");
        Assert.ThrowsAny<CryptographicException>(() => crypto.Open(key, sealedText, "request.message:2"));
    }

    [Fact]
    public void Open_WithAnotherDataKey_Fails()
    {
        var crypto = Crypto(MasterKeys.Generate());
        var sealedText = crypto.Seal(crypto.NewDataKey(), "secret", "p");
        Assert.ThrowsAny<CryptographicException>(() => crypto.Open(crypto.NewDataKey(), sealedText, "p"));
    }

    [Fact]
    public void Open_TamperedBytes_Fails()
    {
        var crypto = Crypto(MasterKeys.Generate());
        var key = crypto.NewDataKey();
        var bytes = crypto.Seal(key, "secret", "p").Bytes;
        bytes[^1] ^= 0x01;
        Assert.ThrowsAny<CryptographicException>(() => crypto.Open(key, new SealedText(bytes), "p"));
    }

    [Fact]
    public void DataKey_WithoutItsMasterKey_CannotBeOpened_ButAnOlderMasterStillOpensIt()
    {
        var oldMaster = MasterKeys.Generate();
        var before = Crypto(oldMaster);
        var key = before.NewDataKey();
        var sealedText = before.Seal(key, "kept", "p");

        Assert.ThrowsAny<CryptographicException>(() => Crypto(MasterKeys.Generate()).Open(key, sealedText, "p"));
        var rotated = Crypto(MasterKeys.Generate(), oldMaster);
        Assert.Equal("kept", rotated.Open(key, sealedText, "p"));
        Assert.NotEqual(key.MasterKeyId, rotated.NewDataKey().MasterKeyId);
    }

    [Fact]
    public void MasterKeys_FromAFile_AreCreatedOnceWithOwnerOnlyRights()
    {
        var dir = Directory.CreateTempSubdirectory("tandem-keys-").FullName;
        try
        {
            var file = Path.Combine(dir, "master.key");
            var first = MasterKeys.Load(null, file, createFileIfMissing: true);
            var second = MasterKeys.Load(null, file, createFileIfMissing: false);
            Assert.Equal(first.CurrentId, second.CurrentId);
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
            }

            Assert.Throws<InvalidOperationException>(() => MasterKeys.Load(null, Path.Combine(dir, "absent.key"), createFileIfMissing: false));
            Assert.ThrowsAny<Exception>(() => MasterKeys.Load(Convert.ToBase64String(new byte[16]), file, false));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void AccessCode_Has125BitsInFiveGroups_AndVerifiesOnlyItself()
    {
        var code = AccessCodes.New();
        Assert.Matches("^[A-HJ-NP-Z2-9]{5}(-[A-HJ-NP-Z2-9]{5}){4}$", code.Display);
        var (hash, salt) = AccessCodes.Hash(code);
        Assert.True(AccessCodes.Verify(AccessCodes.Parse(code.Display.ToLowerInvariant().Replace('-', ' '))!, hash, salt));
        var other = AccessCodes.Parse(code.Lookup + "-AAAAA-AAAAA-AAAAA-AAAAA")!;
        Assert.False(AccessCodes.Verify(other, hash, salt));
        Assert.NotEqual(hash, AccessCodes.Hash(code).Hash);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("ABCDE-FGHJK")]
    [InlineData("ABCDE-FGHJK-LMNPQ-RSTUV-WXYZ2-34567")]
    public void AccessCode_ParseWrongLength_IsNull(string? typed) => Assert.Null(AccessCodes.Parse(typed));
}
