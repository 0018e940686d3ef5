using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Tandem.Web.Tests.Support;

/// <summary>
/// A security key in software, for the tests: an ECDSA P-256 key that answers WebAuthn ceremonies
/// the way a browser serialises them (<c>PublicKeyCredential.toJSON()</c>), with no attestation.
/// </summary>
public sealed class SoftwareKey : IDisposable
{
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private uint _counter;
    private string? _userHandle;

    public byte[] CredentialId { get; } = RandomNumberGenerator.GetBytes(32);

    /// <summary>The origin the browser tells the key it is on: the service's, unless a look-alike site relays the ceremony.</summary>
    public string Origin { get; set; } = "http://localhost";

    public string Id => Base64Url.EncodeToString(CredentialId);

    /// <summary>The answer to <c>navigator.credentials.create()</c> for these options.</summary>
    public string Create(JsonElement options)
    {
        var rpId = options.GetProperty("rp").TryGetProperty("id", out var id) ? id.GetString()! : "localhost";
        _userHandle = options.GetProperty("user").GetProperty("id").GetString();
        var clientData = ClientData("webauthn.create", options.GetProperty("challenge").GetString()!);
        var point = _key.ExportParameters(false).Q;
        var cose = Cbor.Map(
            (Cbor.Int(1), Cbor.Int(2)),
            (Cbor.Int(3), Cbor.Int(-7)),
            (Cbor.Int(-1), Cbor.Int(1)),
            (Cbor.Int(-2), Cbor.Bytes(point.X!)),
            (Cbor.Int(-3), Cbor.Bytes(point.Y!)));
        var length = new byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(length, (ushort)CredentialId.Length);
        var authData = Concat(AuthenticatorData(rpId, 0x45), new byte[16], length, CredentialId, cose);
        var attestation = Cbor.Map(
            (Cbor.Text("fmt"), Cbor.Text("none")),
            (Cbor.Text("attStmt"), Cbor.Map()),
            (Cbor.Text("authData"), Cbor.Bytes(authData)));
        return Credential(new
        {
            clientDataJSON = Base64Url.EncodeToString(clientData),
            attestationObject = Base64Url.EncodeToString(attestation),
            transports = new[] { "usb" },
        });
    }

    /// <summary>The answer to <c>navigator.credentials.get()</c> for these options: a signature over the challenge.</summary>
    public string Get(JsonElement options)
    {
        var rpId = options.TryGetProperty("rpId", out var id) ? id.GetString()! : "localhost";
        var clientData = ClientData("webauthn.get", options.GetProperty("challenge").GetString()!);
        var authData = AuthenticatorData(rpId, 0x05);
        var signature = _key.SignData(Concat(authData, SHA256.HashData(clientData)), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        return Credential(new
        {
            clientDataJSON = Base64Url.EncodeToString(clientData),
            authenticatorData = Base64Url.EncodeToString(authData),
            signature = Base64Url.EncodeToString(signature),
            userHandle = _userHandle,
        });
    }

    public void Dispose() => _key.Dispose();

    /// <summary>The credential around the authenticator's response, as <c>toJSON()</c> writes it.</summary>
    private string Credential(object response) => JsonSerializer.Serialize(new
    {
        id = Id,
        rawId = Id,
        type = "public-key",
        response,
        clientExtensionResults = new { },
        authenticatorAttachment = "cross-platform",
    });

    private byte[] ClientData(string type, string challenge) =>
        Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { type, challenge, origin = Origin, crossOrigin = false }));

    /// <summary>The relying party's hash, the flags (user present, verified, attested data) and the counter, which goes up at each use.</summary>
    private byte[] AuthenticatorData(string rpId, byte flags)
    {
        var counter = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(counter, ++_counter);
        return Concat(SHA256.HashData(Encoding.UTF8.GetBytes(rpId)), [flags], counter);
    }

    private static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();

    /// <summary>The little of CBOR (RFC 8949) a key's answer needs: integers, byte and text strings, maps.</summary>
    private static class Cbor
    {
        public static byte[] Int(long value) => value >= 0 ? Head(0, (ulong)value) : Head(1, (ulong)(-1 - value));

        public static byte[] Bytes(byte[] value) => Concat(Head(2, (ulong)value.Length), value);

        public static byte[] Text(string value)
        {
            var raw = Encoding.UTF8.GetBytes(value);
            return Concat(Head(3, (ulong)raw.Length), raw);
        }

        public static byte[] Map(params (byte[] Key, byte[] Value)[] entries) =>
            Concat([Head(5, (ulong)entries.Length), .. entries.SelectMany(e => new[] { e.Key, e.Value })]);

        private static byte[] Head(int major, ulong length) => length switch
        {
            < 24 => [(byte)((major << 5) | (int)length)],
            <= byte.MaxValue => [(byte)((major << 5) | 24), (byte)length],
            <= ushort.MaxValue => [(byte)((major << 5) | 25), (byte)(length >> 8), (byte)length],
            _ => throw new ArgumentOutOfRangeException(nameof(length)),
        };
    }
}
