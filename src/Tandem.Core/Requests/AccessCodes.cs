using System.Security.Cryptography;
using System.Text;
using NSec.Cryptography;
using Tandem.Core.Common;
using Tandem.Core.Security;

namespace Tandem.Core.Requests;

/// <summary>A freshly drawn access code: shown once to the person, never stored or logged.</summary>
public sealed record AccessCode(string Display, string Lookup, string Secret);

/// <summary>How a space's access code was hashed: Argon2id with one of OWASP's settings; the older ones are only verified, then hashed again.</summary>
public enum CodeHashScheme
{
    /// <summary>19 MiB, two passes, two lanes, hashed in managed memory (Konscious).</summary>
    TwoLanes = 1,

    /// <summary>19 MiB, two passes, one lane, hashed by libsodium.</summary>
    OneLane = 2,

    /// <summary>7 MiB, five passes, one lane, hashed by libsodium: as strong by OWASP's table as 19 MiB and two passes, with 12 MiB less held by each derivation.</summary>
    SevenMiB = 3,
}

/// <summary>
/// Access codes: five groups of five characters (125 bits from the system's CSPRNG). The
/// first group finds the space; the other four (100 bits) are checked against an Argon2id
/// hash with a per-space salt, so a copy of the database does not give codes back.
/// </summary>
/// <remarks>
/// <para>
/// One derivation holds 7 MiB and one processor for tens of milliseconds, by design: Argon2id with
/// 7 MiB, five passes and one lane, one of the settings OWASP's password storage cheat sheet lists
/// as equal in strength, the one with the least memory (here it also takes less than half the time
/// of 19 MiB and two passes: the benchmark's verification went from 48 to 21 ms).
/// libsodium (through NSec) maps that memory for the derivation and unmaps it after, so it never
/// lands in the garbage-collected heap: the managed two-lane derivation allocated it there as
/// large objects, which made the app's memory jump under a stream of new requests.
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
    public const CodeHashScheme CurrentScheme = CodeHashScheme.SevenMiB;

    private const int OldMemoryKiB = 19 * 1024;
    private const int OldPasses = 2;

    private static readonly PasswordBasedKeyDerivationAlgorithm SevenMiB = PasswordBasedKeyDerivationAlgorithm.Argon2id(
        new Argon2Parameters { DegreeOfParallelism = 1, MemorySize = 7 * 1024, NumberOfPasses = 5 });

    private static readonly PasswordBasedKeyDerivationAlgorithm OneLane = PasswordBasedKeyDerivationAlgorithm.Argon2id(
        new Argon2Parameters { DegreeOfParallelism = 1, MemorySize = OldMemoryKiB, NumberOfPasses = OldPasses });

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
                CodeHashScheme.SevenMiB => SevenMiB.DeriveBytes(password, salt, HashSize),
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
            MemorySize = OldMemoryKiB,
            Iterations = OldPasses,
            DegreeOfParallelism = 2,
        };
        return argon.GetBytes(HashSize);
    }
}
