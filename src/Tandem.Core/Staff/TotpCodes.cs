using System.Security.Cryptography;
using NodaTime;
using OtpNet;

namespace Tandem.Core.Staff;

/// <summary>RFC 6238 codes (30 s, 6 digits, SHA-1, as every authenticator app expects), through Otp.NET.</summary>
public static class TotpCodes
{
    public const string Issuer = "Tandem";

    public static string NewSecret() => Base32Encoding.ToString(RandomNumberGenerator.GetBytes(20));

    public static string ProvisioningUri(string secret, string accountName) =>
        $"otpauth://totp/{Uri.EscapeDataString(Issuer)}:{Uri.EscapeDataString(accountName)}?secret={secret}&issuer={Uri.EscapeDataString(Issuer)}&digits=6&period=30";

    /// <summary>Finds the time step a code belongs to (one step of drift either way), or null.</summary>
    public static long? MatchTimeStep(string secret, string? code, Instant now)
    {
        var digits = new string((code ?? string.Empty).Where(char.IsDigit).ToArray());
        if (digits.Length != 6)
        {
            return null;
        }

        var totp = new Totp(Base32Encoding.ToBytes(secret));
        return totp.VerifyTotp(now.ToDateTimeUtc(), digits, out var step, new VerificationWindow(previous: 1, future: 1)) ? step : null;
    }

    public static string Compute(string secret, Instant at) =>
        new Totp(Base32Encoding.ToBytes(secret)).ComputeTotp(at.ToDateTimeUtc());
}
