using System.Security.Cryptography;
using System.Text;

namespace Tandem.Core.Security;

/// <summary>
/// High-entropy single-use secrets (set-up and invitation links, recovery codes).
/// Only their SHA-256 is stored: with 256 bits (or 60 bits for typed codes plus a
/// per-account lookup) a fast hash is enough, a guessing attack cannot enumerate them.
/// </summary>
public static class SecretTokens
{
    /// <summary>The characters of typed codes: no 0/O, no 1/I, so what is read aloud is typed right.</summary>
    public const string TypedCodeAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    public static string NewUrlToken() => Base64UrlEncode(RandomNumberGenerator.GetBytes(32));

    /// <summary>A code meant to be typed: groups of five characters from an alphabet without look-alikes.</summary>
    public static string NewTypedCode(int groups)
    {
        var builder = new StringBuilder();
        for (var g = 0; g < groups; g++)
        {
            if (g > 0)
            {
                builder.Append('-');
            }

            for (var i = 0; i < 5; i++)
            {
                builder.Append(TypedCodeAlphabet[RandomNumberGenerator.GetInt32(TypedCodeAlphabet.Length)]);
            }
        }

        return builder.ToString();
    }

    /// <summary>Upper-cases and strips spaces and dashes, so a code typed loosely still matches.</summary>
    public static string NormaliseTypedCode(string code) =>
        new(code.Where(char.IsLetterOrDigit).Select(char.ToUpperInvariant).ToArray());

    public static string Hash(string token) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static string Base64UrlEncode(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
