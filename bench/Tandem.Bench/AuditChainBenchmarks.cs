using BenchmarkDotNet.Attributes;
using NodaTime;
using Tandem.Core.Security.Audit;
using Tandem.Core.Staff;

namespace Tandem.Bench;

/// <summary>The per-entry costs of the audit chain and of a second-factor check, the hot paths of every privileged action.</summary>
[MemoryDiagnoser]
public class AuditChainBenchmarks
{
    private readonly AuditEntry _entry = new()
    {
        Sequence = 123_456,
        At = Instant.FromUtc(2026, 11, 22, 9, 30),
        Actor = "staff:3f2b1c9e-0000-4000-8000-000000000001",
        Action = AuditActions.SignedIn,
        Target = "3f2b1c9e-0000-4000-8000-000000000001",
        Details = "{\"method\":\"totp\"}",
        PreviousHash = AuditCanonicalForm.GenesisHash,
        Hash = string.Empty,
    };

    private readonly Dictionary<string, string?> _details = new() { ["to"] = "coordinator", ["from"] = "practitioner" };
    private readonly string _secret = TotpCodes.NewSecret();
    private Instant _now;
    private string _code = string.Empty;

    [GlobalSetup]
    public void Setup()
    {
        _now = Instant.FromUtc(2026, 11, 22, 9, 30);
        _code = TotpCodes.Compute(_secret, _now);
    }

    [Benchmark]
    public string HashOneEntry() => AuditCanonicalForm.ComputeHash(_entry);

    [Benchmark]
    public string? CanonicalDetails() => AuditCanonicalForm.Details(_details);

    [Benchmark]
    public long? MatchTotpCode() => TotpCodes.MatchTimeStep(_secret, _code, _now);
}
