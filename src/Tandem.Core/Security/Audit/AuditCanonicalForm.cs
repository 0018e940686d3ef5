using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using NodaTime;
using NodaTime.Text;

namespace Tandem.Core.Security.Audit;

/// <summary>
/// The byte form an entry is hashed over: a JSON object with a fixed property order,
/// the instant at microsecond precision (what both databases keep exactly).
/// </summary>
public static class AuditCanonicalForm
{
    public const string GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000";

    private static readonly InstantPattern InstantPattern = InstantPattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm':'ss.ffffff'Z'");

    public static Instant Truncate(Instant instant)
    {
        var ticks = instant.ToUnixTimeTicks();
        return Instant.FromUnixTimeTicks(ticks - (((ticks % 10) + 10) % 10));
    }

    public static string ComputeHash(AuditEntry entry)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteNumber("seq", entry.Sequence);
            writer.WriteString("at", InstantPattern.Format(entry.At));
            writer.WriteString("actor", entry.Actor);
            writer.WriteString("action", entry.Action);
            writer.WriteString("target", entry.Target);
            writer.WriteString("details", entry.Details);
            writer.WriteString("prev", entry.PreviousHash);
            writer.WriteEndObject();
        }

        return Convert.ToHexStringLower(SHA256.HashData(stream.ToArray()));
    }

    /// <summary>Serialises details with sorted keys so the same facts always give the same text.</summary>
    public static string? Details(IReadOnlyDictionary<string, string?>? details)
    {
        if (details is null || details.Count == 0)
        {
            return null;
        }

        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            foreach (var (key, value) in details.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            {
                writer.WriteString(key, value);
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
