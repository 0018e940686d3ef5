namespace Tandem.Core.Security.Encryption;

/// <summary>
/// Confidential text as it is stored: AES-256-GCM ciphertext under the data key of the
/// thing it belongs to. An entity that holds confidential text holds this type, never
/// a string, so plaintext cannot reach a column by habit. Layout: version, nonce, tag, ciphertext.
/// </summary>
public sealed class SealedText
{
    public SealedText(byte[] bytes) => Bytes = bytes;

    public byte[] Bytes { get; }
}
