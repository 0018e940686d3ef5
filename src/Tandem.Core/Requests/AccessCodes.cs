using System.Security.Cryptography;
using System.Text;
using Konscious.Security.Cryptography;
using Tandem.Core.Common;
using Tandem.Core.Security;

namespace Tandem.Core.Requests;

/// <summary>A freshly drawn access code: shown once to the person, never stored or logged.</summary>
public sealed record AccessCode(string Display, string Lookup, string Secret);

/// <summary>
/// Access codes: five groups of five characters (125 bits from the system's CSPRNG). The
/// first group finds the space; the other four (100 bits) are checked against an Argon2id
/// hash with a per-space salt, so a copy of the database does not give codes back.
/// </summary>
/// <remarks>
/// One Argon2id derivation holds 19 MiB and two threads (its two lanes) for about 30 ms, by design.
/// At most <see cref="Derivations"/>'s limit (half the number of processors, at least one) run at
/// once, which keeps every processor busy; the others wait their turn, so a burst of sign-ins or
/// new requests queues instead of taking the memory of sixteen derivations and every processor at once.
/// </remarks>
public static class AccessCodes
{
    public const int Groups = 5;
    private const int GroupLength = 5;
    private const int SaltSize = 16;
    private const int HashSize = 32;

    public static AccessCode New()
    {
        var display = SecretTokens.NewTypedCode(Groups);
        return Parse(display)!;
    }

    /// <summary>Reads a code however it was typed (case, spaces, dashes); null when it cannot be one.</summary>
    public static AccessCode? Parse(string? typed)
    {
        if (string.IsNullOrWhiteSpace(typed) || typed.Length > 64)
        {
            return null;
        }

        var normalised = SecretTokens.NormaliseTypedCode(typed);
        if (normalised.Length != Groups * GroupLength)
        {
            return null;
        }

        var groups = Enumerable.Range(0, Groups).Select(i => normalised.Substring(i * GroupLength, GroupLength));
        return new AccessCode(string.Join('-', groups), normalised[..GroupLength], normalised[GroupLength..]);
    }

    /// <summary>The derivations running now and the most seen at once; its limit is half the number of processors, at least one.</summary>
    public static WorkGate Derivations { get; } = new(Math.Max(1, Environment.ProcessorCount / 2));

    public static async Task<(byte[] Hash, byte[] Salt)> HashAsync(AccessCode code, CancellationToken ct = default)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltSize);
        return (await Derivations.RunAsync(() => Derive(code.Secret, salt), ct), salt);
    }

    public static async Task<bool> VerifyAsync(AccessCode code, byte[] hash, byte[] salt, CancellationToken ct = default) =>
        CryptographicOperations.FixedTimeEquals(await Derivations.RunAsync(() => Derive(code.Secret, salt), ct), hash);

    private static byte[] Derive(string secret, byte[] salt)
    {
        using var argon = new Argon2id(Encoding.UTF8.GetBytes(secret))
        {
            Salt = salt,
            MemorySize = 19 * 1024,
            Iterations = 2,
            DegreeOfParallelism = 2,
        };
        return argon.GetBytes(HashSize);
    }
}
