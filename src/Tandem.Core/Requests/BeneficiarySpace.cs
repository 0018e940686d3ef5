using NodaTime;
using Tandem.Core.Security.Encryption;

namespace Tandem.Core.Requests;

/// <summary>
/// The anonymous space a person opens with their access code. It holds no name, no
/// address and no trace of the device: a pseudonym and an optional contact, both sealed.
/// </summary>
public sealed class BeneficiarySpace : Security.IThrottledSignIn
{
    public Guid Id { get; set; }

    /// <summary>The first group of the access code, to find the space; not secret on its own.</summary>
    public required string CodeLookup { get; set; }

    /// <summary>Argon2id of the rest of the code, with <see cref="CodeSalt"/>.</summary>
    public required byte[] CodeHash { get; set; }

    public required byte[] CodeSalt { get; set; }

    /// <summary>How <see cref="CodeHash"/> was made; spaces opened before the one-lane scheme hold <see cref="CodeHashScheme.TwoLanes"/>.</summary>
    public CodeHashScheme CodeScheme { get; set; } = AccessCodes.CurrentScheme;

    public Guid DataKeyId { get; set; }

    public DataKey? DataKey { get; set; }

    public SealedText? Pseudonym { get; set; }

    public ContactKind? ContactKind { get; set; }

    public SealedText? Contact { get; set; }

    public int FailedSignIns { get; set; }

    public Instant? SignInBlockedUntil { get; set; }

    public Instant CreatedAt { get; set; }

    /// <summary>Bumped when the space is erased or the code changes, so open sessions end.</summary>
    public Guid Stamp { get; set; }

    public List<SupportRequest> Requests { get; set; } = [];
}

public enum ContactKind
{
    Phone = 1,
    Email = 2,
}
