namespace Tandem.Dataset;

/// <summary>How much the generator writes. <see cref="Reference"/> is issue 8's national provider.</summary>
public sealed record DatasetScale(
    string Name,
    int Practitioners,
    int Organisations,
    int LargestDepartments,
    int RequestsPerYear,
    int Years,
    int Appointments,
    int Calls,
    int Notes,
    int SignInSpaces,
    int BookableRequests)
{
    public static readonly DatasetScale Reference = new("reference", 300, 500, 40, 200_000, 2, 400_000, 50_000, 1_000_000, 64, 8_000);

    /// <summary>A tenth of the reference: quick to generate, still shaped like it.</summary>
    public static readonly DatasetScale Tenth = new("tenth", 30, 50, 40, 20_000, 2, 40_000, 5_000, 100_000, 32, 2_000);

    /// <summary>What the tests generate on both databases in seconds.</summary>
    public static readonly DatasetScale Small = new("small", 24, 12, 10, 1_200, 2, 2_400, 300, 6_000, 4, 40);

    public static readonly IReadOnlyList<DatasetScale> Known = [Reference, Tenth, Small];

    public int Requests => RequestsPerYear * Years;

    public static DatasetScale? Find(string? name) =>
        Known.FirstOrDefault(s => string.Equals(s.Name, name?.Trim(), StringComparison.OrdinalIgnoreCase));
}
