using System.Security.Cryptography;
using System.Text;
using NodaTime;
using NodaTime.Testing;
using Tandem.Core.Common;
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
    public async Task AccessCode_Has125BitsInFiveGroups_AndVerifiesOnlyItself()
    {
        var code = AccessCodes.New();
        Assert.Matches("^[A-HJ-NP-Z2-9]{5}(-[A-HJ-NP-Z2-9]{5}){4}$", code.Display);
        var (hash, salt) = await AccessCodes.HashAsync(code, TestContext.Current.CancellationToken);
        Assert.True(await AccessCodes.VerifyAsync(AccessCodes.Parse(code.Display.ToLowerInvariant().Replace('-', ' '))!, hash, salt, AccessCodes.CurrentScheme, TestContext.Current.CancellationToken));
        var other = AccessCodes.Parse(code.Lookup + "-AAAAA-AAAAA-AAAAA-AAAAA")!;
        Assert.False(await AccessCodes.VerifyAsync(other, hash, salt, AccessCodes.CurrentScheme, TestContext.Current.CancellationToken));
        Assert.NotEqual(hash, (await AccessCodes.HashAsync(code, TestContext.Current.CancellationToken)).Hash);
    }

    [Theory]
    [InlineData(CodeHashScheme.SevenMiB, 7 * 1024, 5)]
    [InlineData(CodeHashScheme.OneLane, 19 * 1024, 2)]
    public void AccessCode_OneLaneHashes_ArePlainArgon2id_AsAnotherImplementationComputesThem(CodeHashScheme scheme, int memoryKiB, int passes)
    {
        // Another implementation (Konscious, managed) of the same parameters gives the same bytes: the stored
        // hashes are standard Argon2id, not libsodium's own, and stay verifiable by any other library.
        var salt = Enumerable.Range(0, 16).Select(i => (byte)(i * 7)).ToArray();
        using var other = new Konscious.Security.Cryptography.Argon2id(Encoding.UTF8.GetBytes("ABCDEFGHJKLMNPQRSTUV")) { Salt = salt, MemorySize = memoryKiB, Iterations = passes, DegreeOfParallelism = 1 };
        var expected = other.GetBytes(32);

        Assert.Equal(expected, AccessCodes.Derive(scheme, "ABCDEFGHJKLMNPQRSTUV", salt));
        Assert.NotEqual(expected, AccessCodes.Derive(CodeHashScheme.TwoLanes, "ABCDEFGHJKLMNPQRSTUV", salt));
        Assert.NotEqual(expected, AccessCodes.Derive(scheme == CodeHashScheme.OneLane ? CodeHashScheme.SevenMiB : CodeHashScheme.OneLane, "ABCDEFGHJKLMNPQRSTUV", salt));
        Assert.NotEqual(expected, AccessCodes.Derive(scheme, "ABCDEFGHJKLMNPQRSTUW", salt));
    }

    [Fact]
    public async Task AccessCode_HashedInTwoLanes_IsVerifiedOnlyWithThatScheme()
    {
        var code = AccessCodes.New();
        var salt = Enumerable.Range(0, 16).Select(i => (byte)i).ToArray();
        var hash = AccessCodes.Derive(CodeHashScheme.TwoLanes, code.Secret, salt);
        var ct = TestContext.Current.CancellationToken;

        Assert.True(await AccessCodes.VerifyAsync(code, hash, salt, CodeHashScheme.TwoLanes, ct));
        Assert.False(await AccessCodes.VerifyAsync(code, hash, salt, CodeHashScheme.OneLane, ct));
        Assert.False(await AccessCodes.VerifyAsync(code, hash, salt, CodeHashScheme.SevenMiB, ct));
        Assert.False(await AccessCodes.VerifyAsync(AccessCodes.Parse(code.Lookup + "-AAAAA-AAAAA-AAAAA-AAAAA")!, hash, salt, CodeHashScheme.TwoLanes, ct));
        Assert.Equal(CodeHashScheme.SevenMiB, AccessCodes.CurrentScheme);
    }

    [Fact]
    public async Task AccessCode_ManyChecksAtOnce_RunAtMostOnePerTwoProcessors_AndEachAnswersRight()
    {
        var code = AccessCodes.New();
        var (hash, salt) = await AccessCodes.HashAsync(code, TestContext.Current.CancellationToken);
        var other = AccessCodes.Parse(code.Lookup + "-AAAAA-AAAAA-AAAAA-AAAAA")!;

        // Started on threads of their own, so nothing but the gate keeps them from running together.
        var checks = Enumerable.Range(0, 3 * AccessCodes.Derivations.Limit + 2)
            .Select(i => Task.Factory.StartNew(() => AccessCodes.VerifyAsync(i % 2 == 0 ? code : other, hash, salt, AccessCodes.CurrentScheme, TestContext.Current.CancellationToken), TaskCreationOptions.LongRunning).Unwrap())
            .ToList();
        var answers = await Task.WhenAll(checks);

        Assert.Equal(Math.Max(1, Environment.ProcessorCount / 2), AccessCodes.Derivations.Limit);
        Assert.InRange(AccessCodes.Derivations.MostAtOnce, 1, AccessCodes.Derivations.Limit);
        Assert.Equal(Enumerable.Range(0, answers.Length).Select(i => i % 2 == 0), answers);
    }

    [Fact]
    public async Task WorkGate_LetsOnlyItsLimitRunAtOnce_TheOthersWaitTheirTurn()
    {
        using var gate = new WorkGate(2);
        var work = Enumerable.Range(0, 8)
            .Select(i => Task.Factory.StartNew(() => gate.RunAsync(() => { Thread.Sleep(40); return i; }, TestContext.Current.CancellationToken), TaskCreationOptions.LongRunning).Unwrap())
            .ToList();

        Assert.Equal(Enumerable.Range(0, 8), await Task.WhenAll(work));
        Assert.Equal(2, gate.MostAtOnce);
    }

    [Fact]
    public async Task WorkGate_WaitingWork_IsCancelled_WithoutRunning()
    {
        using var gate = new WorkGate(1);
        using var release = new ManualResetEventSlim();
        var first = Task.Factory.StartNew(() => gate.RunAsync(() => release.Wait(TimeSpan.FromSeconds(10)), TestContext.Current.CancellationToken), TaskCreationOptions.LongRunning).Unwrap();
        while (gate.MostAtOnce == 0)
        {
            await Task.Delay(5, TestContext.Current.CancellationToken);
        }

        using var cancel = new CancellationTokenSource();
        var ran = false;
        var waiting = gate.RunAsync(() => ran = true, cancel.Token);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        release.Set();
        Assert.True(await first);
        Assert.False(ran);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("ABCDE-FGHJK")]
    [InlineData("ABCDE-FGHJK-LMNPQ-RSTUV-WXYZ2-34567")]
    public void AccessCode_ParseWrongLength_IsNull(string? typed) => Assert.Null(AccessCodes.Parse(typed));
}
