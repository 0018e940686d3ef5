using NodaTime;
using Tandem.Core.Security.Audit;

namespace Tandem.Core.Tests;

public sealed class AuditCanonicalFormTests
{
    private static AuditEntry Entry(string action = "staff.signed_in") => new()
    {
        Sequence = 7,
        At = Instant.FromUtc(2026, 3, 29, 1, 30, 15) + Duration.FromNanoseconds(123_456_789),
        Actor = "staff:1",
        Action = action,
        Target = "1",
        Details = "{\"a\":\"b\"}",
        PreviousHash = AuditCanonicalForm.GenesisHash,
        Hash = string.Empty,
    };

    [Fact]
    public void ComputeHash_SameContent_SameHash()
    {
        Assert.Equal(AuditCanonicalForm.ComputeHash(Entry()), AuditCanonicalForm.ComputeHash(Entry()));
        Assert.Matches("^[0-9a-f]{64}$", AuditCanonicalForm.ComputeHash(Entry()));
    }

    [Fact]
    public void ComputeHash_AnyFieldChanged_DifferentHash()
    {
        var original = AuditCanonicalForm.ComputeHash(Entry());
        var changes = new Action<AuditEntry>[]
        {
            e => e.Sequence++,
            e => e.At += Duration.FromTicks(10),
            e => e.Actor = "staff:2",
            e => e.Action = "staff.signed_out",
            e => e.Target = null,
            e => e.Details = null,
            e => e.PreviousHash = new string('1', 64),
        };
        foreach (var change in changes)
        {
            var entry = Entry();
            change(entry);
            Assert.NotEqual(original, AuditCanonicalForm.ComputeHash(entry));
        }
    }

    [Fact]
    public void ComputeHash_FieldBoundariesMoved_DifferentHash()
    {
        var a = Entry();
        a.Actor = "staff:1";
        a.Action = "x.y";
        var b = Entry();
        b.Actor = "staff:1x";
        b.Action = ".y";
        Assert.NotEqual(AuditCanonicalForm.ComputeHash(a), AuditCanonicalForm.ComputeHash(b));
    }

    [Fact]
    public void Truncate_KeepsMicrosecondsOnly_EvenBeforeTheEpoch()
    {
        var instant = Instant.FromUnixTimeTicks(1_234_567_891);
        Assert.Equal(Instant.FromUnixTimeTicks(1_234_567_890), AuditCanonicalForm.Truncate(instant));
        Assert.Equal(Instant.FromUnixTimeTicks(-20), AuditCanonicalForm.Truncate(Instant.FromUnixTimeTicks(-11)));
    }

    [Fact]
    public void Details_InAnyOrder_SameText()
    {
        var a = AuditCanonicalForm.Details(new Dictionary<string, string?> { ["b"] = "2", ["a"] = "1" });
        var b = AuditCanonicalForm.Details(new Dictionary<string, string?> { ["a"] = "1", ["b"] = "2" });
        Assert.Equal("{\"a\":\"1\",\"b\":\"2\"}", a);
        Assert.Equal(a, b);
        Assert.Null(AuditCanonicalForm.Details(new Dictionary<string, string?>()));
    }
}
