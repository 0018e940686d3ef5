using NodaTime;

namespace Tandem.Core.Security.Audit;

/// <summary>
/// One link of the append-only audit chain. <see cref="Hash"/> is SHA-256 over the
/// canonical form of this entry, which includes <see cref="PreviousHash"/>: editing,
/// inserting or deleting a row breaks every hash after it.
/// </summary>
public sealed class AuditEntry
{
    public long Sequence { get; set; }

    public Instant At { get; set; }

    /// <summary><c>staff:{id}</c>, <c>system</c> or <c>beneficiary</c>; never a beneficiary identifier.</summary>
    public required string Actor { get; set; }

    public required string Action { get; set; }

    /// <summary>What the action was about (a staff id, a link id); never a secret.</summary>
    public string? Target { get; set; }

    /// <summary>Short non-confidential details, as canonical JSON.</summary>
    public string? Details { get; set; }

    public required string PreviousHash { get; set; }

    public required string Hash { get; set; }
}
