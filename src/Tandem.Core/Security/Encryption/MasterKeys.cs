using System.Security.Cryptography;

namespace Tandem.Core.Security.Encryption;

/// <summary>
/// The key-encryption keys, held outside the database (an environment secret, a key
/// file, or a vault that writes one of them). Data keys are stored only wrapped by one
/// of these. The first key is current; the others still unwrap older data keys.
/// </summary>
public sealed class MasterKeys
{
    public const int KeySize = 32;

    private readonly Dictionary<string, byte[]> _keys;

    public MasterKeys(IReadOnlyList<byte[]> keys)
    {
        if (keys.Count == 0 || keys.Any(k => k.Length != KeySize))
        {
            throw new InvalidOperationException($"A master key is {KeySize} bytes (base64 in Tandem__MasterKey).");
        }

        _keys = keys.ToDictionary(IdOf, k => k);
        CurrentId = IdOf(keys[0]);
    }

    public string CurrentId { get; }

    public byte[] Current => _keys[CurrentId];

    public byte[]? Find(string id) => _keys.GetValueOrDefault(id);

    /// <summary>Seals a small secret directly with the current master key (AES-256-GCM); for secrets of the platform itself, not of people.</summary>
    /// <returns>The id of the master key used, to store beside the sealed bytes.</returns>
    public (string MasterKeyId, byte[] Sealed) Seal(byte[] plaintext, byte[] associatedData) =>
        (CurrentId, EnvelopeCrypto.Encrypt(Current, plaintext, associatedData));

    /// <summary>Opens what <see cref="Seal"/> sealed, with the master key it names (current or older).</summary>
    public byte[] Open(string masterKeyId, byte[] sealedBytes, byte[] associatedData) =>
        EnvelopeCrypto.Decrypt(Find(masterKeyId) ?? throw new CryptographicException($"Master key {masterKeyId} is not loaded."), sealedBytes, associatedData);

    /// <summary>A short public fingerprint of a key, stored beside each wrapped data key.</summary>
    public static string IdOf(byte[] key) => Convert.ToHexStringLower(SHA256.HashData(key))[..16];

    public static byte[] Generate() => RandomNumberGenerator.GetBytes(KeySize);

    /// <summary>
    /// Reads the keys from configuration (comma-separated base64, current first), else from
    /// a key file; for the embedded default, creates the file (mode 600) on first use.
    /// </summary>
    public static MasterKeys Load(string? configured, string keyFile, bool createFileIfMissing)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return new MasterKeys(configured.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(Convert.FromBase64String).ToList());
        }

        if (!File.Exists(keyFile))
        {
            if (!createFileIfMissing)
            {
                throw new InvalidOperationException(
                    $"No master key: set Tandem__MasterKey (base64 of {KeySize} random bytes) or Tandem__MasterKeyFile. Every instance needs the same key.");
            }

            Directory.CreateDirectory(Path.GetDirectoryName(keyFile)!);
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using var stream = new FileStream(keyFile, options);
            using var writer = new StreamWriter(stream);
            writer.WriteLine(Convert.ToBase64String(Generate()));
        }

        var lines = File.ReadAllLines(keyFile).Where(l => !string.IsNullOrWhiteSpace(l)).Select(l => Convert.FromBase64String(l.Trim())).ToList();
        return new MasterKeys(lines);
    }
}
