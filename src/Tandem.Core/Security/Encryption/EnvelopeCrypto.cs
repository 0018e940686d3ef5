using System.Security.Cryptography;
using System.Text;
using NodaTime;

namespace Tandem.Core.Security.Encryption;

/// <summary>
/// Envelope encryption: each request (later each case) has its own data key, wrapped by
/// the current master key; text is sealed under the data key with AES-256-GCM, bound by
/// associated data to what it is (for example <c>request.message:{id}</c>), so a sealed
/// value copied to another row or field does not open.
/// </summary>
public sealed class EnvelopeCrypto(MasterKeys masterKeys, IClock clock)
{
    private const byte Version = 1;
    private const int NonceSize = 12;
    private const int TagSize = 16;

    public DataKey NewDataKey()
    {
        var id = Guid.NewGuid();
        var key = RandomNumberGenerator.GetBytes(32);
        try
        {
            return new DataKey
            {
                Id = id,
                Wrapped = Encrypt(masterKeys.Current, key, id.ToByteArray()),
                MasterKeyId = masterKeys.CurrentId,
                CreatedAt = clock.GetCurrentInstant(),
            };
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    public SealedText Seal(DataKey dataKey, string plaintext, string purpose)
    {
        var key = Unwrap(dataKey);
        try
        {
            return new SealedText(Encrypt(key, Encoding.UTF8.GetBytes(plaintext), Encoding.UTF8.GetBytes(purpose)));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    public string Open(DataKey dataKey, SealedText sealedText, string purpose)
    {
        var key = Unwrap(dataKey);
        try
        {
            return Encoding.UTF8.GetString(Decrypt(key, sealedText.Bytes, Encoding.UTF8.GetBytes(purpose)));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>Wraps the data key with the current master key if another one wrapped it; the sealed texts stay as they are.</summary>
    /// <returns>True when the key was re-wrapped.</returns>
    public bool Rewrap(DataKey dataKey)
    {
        if (dataKey.MasterKeyId == masterKeys.CurrentId)
        {
            return false;
        }

        var key = Unwrap(dataKey);
        try
        {
            dataKey.Wrapped = Encrypt(masterKeys.Current, key, dataKey.Id.ToByteArray());
            dataKey.MasterKeyId = masterKeys.CurrentId;
            return true;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    private byte[] Unwrap(DataKey dataKey)
    {
        var master = masterKeys.Find(dataKey.MasterKeyId)
            ?? throw new CryptographicException($"Master key {dataKey.MasterKeyId} is not loaded.");
        return Decrypt(master, dataKey.Wrapped, dataKey.Id.ToByteArray());
    }

    internal static byte[] Encrypt(byte[] key, byte[] plaintext, byte[] associatedData)
    {
        var output = new byte[1 + NonceSize + TagSize + plaintext.Length];
        output[0] = Version;
        var nonce = output.AsSpan(1, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, TagSize);
        aes.Encrypt(nonce, plaintext, output.AsSpan(1 + NonceSize + TagSize), output.AsSpan(1 + NonceSize, TagSize), associatedData);
        return output;
    }

    internal static byte[] Decrypt(byte[] key, byte[] sealedBytes, byte[] associatedData)
    {
        if (sealedBytes.Length < 1 + NonceSize + TagSize || sealedBytes[0] != Version)
        {
            throw new CryptographicException("Not a sealed value of a known version.");
        }

        var plaintext = new byte[sealedBytes.Length - 1 - NonceSize - TagSize];
        using var aes = new AesGcm(key, TagSize);
        aes.Decrypt(sealedBytes.AsSpan(1, NonceSize), sealedBytes.AsSpan(1 + NonceSize + TagSize), sealedBytes.AsSpan(1 + NonceSize, TagSize), plaintext, associatedData);
        return plaintext;
    }
}
