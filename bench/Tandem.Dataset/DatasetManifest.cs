using System.Text.Json;

namespace Tandem.Dataset;

/// <summary>A staff account of the generated dataset, with what signing in needs.</summary>
public sealed record StaffHandle(string Role, string Email, string TotpSecret, Guid UserId, Guid? PractitionerId, Guid? OrganisationId);

/// <summary>A beneficiary space whose access code is real (the others cannot be opened).</summary>
public sealed record SpaceHandle(string AccessCode, Guid SpaceId, Guid RequestId);

/// <summary>An accepted request with nothing booked; requests of a group (modality and theme) are offered the same slots.</summary>
public sealed record BookableRequest(Guid Id, string Group);

/// <summary>
/// What the load scenario and the database benchmarks need to find in a generated database.
/// Written beside the data, readable only by its owner: it holds a password and TOTP secrets.
/// </summary>
public sealed record DatasetManifest(
    string Scale,
    int Seed,
    string Anchor,
    string StaffPassword,
    IReadOnlyList<StaffHandle> Staff,
    IReadOnlyList<SpaceHandle> Spaces,
    IReadOnlyList<Guid> SlotSearchRequests,
    IReadOnlyList<BookableRequest> BookableRequests,
    Guid LargestOrganisation,
    int LargestOrganisationYear,
    IReadOnlyDictionary<string, long> Counts,
    double Seconds)
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public async Task SaveAsync(string path, CancellationToken ct = default)
    {
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(this, Json), ct);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    public static async Task<DatasetManifest> LoadAsync(string path, CancellationToken ct = default) =>
        JsonSerializer.Deserialize<DatasetManifest>(await File.ReadAllTextAsync(path, ct), Json)
        ?? throw new InvalidOperationException($"{path} is not a dataset manifest.");
}
