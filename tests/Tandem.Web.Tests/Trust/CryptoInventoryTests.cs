using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text.RegularExpressions;
using Tandem.Web.Tests.Support;

namespace Tandem.Web.Tests.Trust;

/// <summary>
/// Cryptographic discovery (ASVS 11.1.3): every cryptographic type the app's own assemblies refer to,
/// found in their metadata rather than by reading the code, is listed in the inventory of
/// docs/security.md, and every type listed there is still used. A new primitive cannot come in unlisted,
/// and the inventory cannot keep one that went.
/// </summary>
public sealed partial class CryptoInventoryTests
{
    // Where cryptographic types live: .NET's, Data Protection's, Identity's password hashing and passkeys (WebAuthn), Argon2 (two libraries), TOTP.
    private static readonly string[] CryptoNamespaces =
    [
        "System.Security.Cryptography",
        "Microsoft.AspNetCore.DataProtection",
        "Microsoft.AspNetCore.Cryptography",
        "Konscious.Security.Cryptography",
        "NSec.Cryptography",
        "OtpNet",
    ];

    private static readonly string[] IdentityCryptoTypes = ["PasswordHasher", "IPasswordHasher", "PasswordHasherOptions", "PasswordHasherCompatibilityMode"];

    [Fact]
    public void EveryCryptographicTypeTheAppRefersTo_IsInTheInventory_AndTheInventoryListsNothingElse()
    {
        var used = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var assembly in new[] { typeof(Tandem.Core.Data.TandemDbContext).Assembly, typeof(Tandem.Web.Hosting.AuthHosting).Assembly })
        {
            used.UnionWith(CryptographicTypesReferencedBy(assembly.Location));
        }

        var listed = InventoryOf(File.ReadAllText(Path.Combine(Repository.Root, "docs", "security.md")));

        // The discovery itself must find what is known to be there, or it proves nothing.
        Assert.Contains("AesGcm", used);
        Assert.Contains("Argon2id", used);
        var unlisted = used.Except(listed).ToList();
        var gone = listed.Except(used).ToList();
        Assert.True(unlisted.Count == 0, "Used but not in the inventory of docs/security.md: " + string.Join(", ", unlisted));
        Assert.True(gone.Count == 0, "In the inventory of docs/security.md but no longer used: " + string.Join(", ", gone));
    }

    [Fact]
    public void Discovery_FindsATypeReferenceItWasNotToldAbout()
    {
        // This test assembly refers to SHA384 below, which the app never uses: discovery must see it.
        Assert.Equal(48, System.Security.Cryptography.SHA384.HashData([1, 2, 3]).Length);
        Assert.Contains("SHA384", CryptographicTypesReferencedBy(typeof(CryptoInventoryTests).Assembly.Location));
    }

    private static SortedSet<string> CryptographicTypesReferencedBy(string path)
    {
        using var stream = File.OpenRead(path);
        using var pe = new PEReader(stream);
        var metadata = pe.GetMetadataReader();
        var found = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var handle in metadata.TypeReferences)
        {
            var reference = metadata.GetTypeReference(handle);
            var name = metadata.GetString(reference.Name);
            var generic = name.IndexOf('`', StringComparison.Ordinal);
            name = generic < 0 ? name : name[..generic];
            var ns = NamespaceOf(metadata, reference);
            var crypto = CryptoNamespaces.Any(n => ns == n || ns.StartsWith(n + ".", StringComparison.Ordinal))
                || (ns == "Microsoft.AspNetCore.Identity" && (IdentityCryptoTypes.Contains(name) || name.Contains("Passkey", StringComparison.Ordinal)));

            // Exceptions say that something failed, not how anything is protected.
            if (crypto && !name.EndsWith("Exception", StringComparison.Ordinal))
            {
                found.Add(name);
            }
        }

        return found;
    }

    private static string NamespaceOf(MetadataReader metadata, TypeReference reference)
    {
        // A nested type has its enclosing type's namespace.
        while (reference.ResolutionScope.Kind == HandleKind.TypeReference)
        {
            reference = metadata.GetTypeReference((TypeReferenceHandle)reference.ResolutionScope);
        }

        return metadata.GetString(reference.Namespace);
    }

    /// <summary>The type names in the first column of the inventory's table, between its two markers.</summary>
    private static SortedSet<string> InventoryOf(string document)
    {
        const string start = "<!-- crypto-inventory:start -->";
        const string end = "<!-- crypto-inventory:end -->";
        var from = document.IndexOf(start, StringComparison.Ordinal);
        var to = document.IndexOf(end, StringComparison.Ordinal);
        Assert.True(from >= 0 && to > from, "docs/security.md has no cryptographic inventory between its markers.");
        var listed = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var line in document[from..to].Split('\n').Where(l => l.StartsWith("| `", StringComparison.Ordinal)))
        {
            var firstCell = line.Split('|')[1];
            foreach (Match name in TypeName().Matches(firstCell))
            {
                listed.Add(name.Groups[1].Value);
            }
        }

        return listed;
    }

    [GeneratedRegex("`([A-Za-z0-9_]+)`")]
    private static partial Regex TypeName();
}
