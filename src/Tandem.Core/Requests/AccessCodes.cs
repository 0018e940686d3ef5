using System.Security.Cryptography;
using System.Text;
using NSec.Cryptography;
using Tandem.Core.Common;
using Tandem.Core.Security;

namespace Tandem.Core.Requests;

/// <summary>A freshly drawn access code: shown once to the person, never stored or logged.</summary>
public sealed record AccessCode(string Display, string Lookup, string Secret);

/// <summary>How a space's access code was hashed: Argon2id with 19 MiB and two passes, in one or two lanes.</summary>
public enum CodeHashScheme
{
    /// <summary>Two lanes, hashed in managed memory (Konscious); only verified now, then hashed again.</summary>
    TwoLanes = 1,

    /// <summary>One lane (OWASP's minimum for Argon2id: 19 MiB, two passes, one lane), hashed by libsodium.</summary>
    OneLane = 2,
}

/// <summary>
/// Access codes: five groups of five characters (125 bits from the system's CSPRNG). The
/// first group finds the space; the other four (100 bits) are checked against an Argon2id
/// hash with a per-space salt, so a copy of the database does not give codes back.
/// </summary>
/// <remarks>
/// <para>
/// One derivation holds 19 MiB and one processor for tens of milliseconds, by design. libsodium
/// (through NSec) maps that memory for the derivation and unmaps it after, so it never lands in the
/// garbage-collected heap: the managed two-lane derivation allocated it there as large objects,
/// which made the app's memory jump under a stream of new requests.
/// </para>
/// <para>
/// At most <see cref="Derivations"/>'s limit (half the number of processors, at least one) run at
/// once; the others wait their turn, so a burst of sign-ins or new requests queues and leaves the
/// other processors to the pages, instead of taking the memory of sixteen derivations and every
/// processor at once.
/// </para>
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

    /// <summary>The scheme new hashes are made with; a sign-in with an older one hashes the code again.</summary>
    public const CodeHashScheme CurrentScheme = CodeHashScheme.OneLane;

    private const int MemoryKiB = 19 * 1024;
    private const int Passes = 2;

    private static readonly PasswordBasedKeyDerivationAlgorithm OneLane = PasswordBasedKeyDerivationAlgorithm.Argon2id(
        new Argon2Parameters { DegreeOfParallelism = 1, MemorySize = MemoryKiB, NumberOfPasses = Passes });

    /// <summary>Hashes the code with <see cref="CurrentScheme"/> and a new salt.</summary>
    public static async Task<(byte[] Hash, byte[] Salt)> HashAsync(AccessCode code, CancellationToken ct = default)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltSize);
        return (await Derivations.RunAsync(() => Derive(CurrentScheme, code.Secret, salt), ct), salt);
    }

    public static async Task<bool> VerifyAsync(AccessCode code, byte[] hash, byte[] salt, CodeHashScheme scheme, CancellationToken ct = default) =>
        CryptographicOperations.FixedTimeEquals(await Derivations.RunAsync(() => Derive(scheme, code.Secret, salt), ct), hash);

    internal static byte[] Derive(CodeHashScheme scheme, string secret, byte[] salt)
    {
        var password = Encoding.UTF8.GetBytes(secret);
        try
        {
            return scheme switch
            {
                CodeHashScheme.OneLane => OneLane.DeriveBytes(password, salt, HashSize),
                CodeHashScheme.TwoLanes => DeriveTwoLanes(password, salt),
                _ => throw new ArgumentOutOfRangeException(nameof(scheme), scheme, "Unknown access-code hash scheme."),
            };
        }
        finally
        {
            CryptographicOperations.ZeroMemory(password);
        }
    }

    private static byte[] DeriveTwoLanes(byte[] password, byte[] salt)
    {
        using var argon = new Konscious.Security.Cryptography.Argon2id(password)
        {
            Salt = salt,
            MemorySize = MemoryKiB,
            Iterations = Passes,
            DegreeOfParallelism = 2,
        };
        return argon.GetBytes(HashSize);
    }
}
