using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Tandem.Core.Security.Encryption;

namespace Tandem.Web.Hosting;

/// <summary>
/// Seals each key of the Data Protection key ring with the master key before it is stored in the
/// database (AES-256-GCM, the key's element as associated data), so that a copy of the database
/// or of a backup alone cannot forge a staff session, a bearer token or an anti-forgery token.
/// Keys written before this was in place stay readable and expire with their 90 days.
/// </summary>
internal sealed class MasterKeyXmlEncryptor(MasterKeys masterKeys) : IXmlEncryptor
{
    public const string ElementName = "sealedWithMasterKey";

    public static readonly byte[] Purpose = Encoding.UTF8.GetBytes("dataprotection.key");

    public EncryptedXmlInfo Encrypt(XElement plaintextElement)
    {
        var plaintext = Encoding.UTF8.GetBytes(plaintextElement.ToString(SaveOptions.DisableFormatting));
        try
        {
            var (keyId, sealedBytes) = masterKeys.Seal(plaintext, Purpose);
            return new EncryptedXmlInfo(
                new XElement(ElementName, new XAttribute("masterKey", keyId), Convert.ToBase64String(sealedBytes)),
                typeof(MasterKeyXmlDecryptor));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }
}

/// <summary>Opens a key sealed by <see cref="MasterKeyXmlEncryptor"/>; created by Data Protection with the app's services.</summary>
internal sealed class MasterKeyXmlDecryptor(IServiceProvider services) : IXmlDecryptor
{
    public XElement Decrypt(XElement encryptedElement)
    {
        var keyId = (string?)encryptedElement.Attribute("masterKey") ?? throw new CryptographicException("A sealed key names no master key.");
        var plaintext = services.GetRequiredService<MasterKeys>().Open(keyId, Convert.FromBase64String(encryptedElement.Value), MasterKeyXmlEncryptor.Purpose);
        try
        {
            return XElement.Parse(Encoding.UTF8.GetString(plaintext));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }
}
