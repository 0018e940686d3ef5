namespace Tandem.Core.Requests;

/// <summary>The themes of a request (PRODUCT.md, "Taxonomies"); codes are stable, labels live in the resources.</summary>
public static class Themes
{
    public const string Isolation = "isolation";
    public const string Harassment = "harassment";
    public const string Discrimination = "discrimination";
    public const string Violence = "violence";
    public const string Stress = "stress";
    public const string Burnout = "burnout";
    public const string LossOfMeaning = "loss_of_meaning";
    public const string Conflict = "conflict";
    public const string OrganisationalChange = "organisational_change";
    public const string JobInsecurity = "job_insecurity";
    public const string SocialDifficulty = "social_difficulty";
    public const string Other = "other";

    public static readonly IReadOnlyList<string> All =
    [
        Isolation, Harassment, Discrimination, Violence, Stress, Burnout,
        LossOfMeaning, Conflict, OrganisationalChange, JobInsecurity, SocialDifficulty, Other,
    ];

    public static bool IsKnown(string? code) => code is not null && All.Contains(code, StringComparer.Ordinal);
}

public enum Modality
{
    InPerson = 1,
    Phone = 2,
    Video = 3,
}

public enum RequestStatus
{
    New = 1,
    Accepted = 2,
    Signposted = 3,
    Declined = 4,
}

public enum TriageOutcome
{
    Accepted = 1,
    Signposted = 2,
    Declined = 3,
}

/// <summary>Where the coordination may signpost a request that Tandem is not the right place for.</summary>
public static class SignpostTargets
{
    public static readonly IReadOnlyList<string> All =
    [
        "emergency_services", "family_doctor", "labour_inspectorate", "lawyer",
        "social_services", "occupational_health", "other",
    ];

    public static bool IsKnown(string? code) => code is not null && All.Contains(code, StringComparer.Ordinal);
}

/// <summary>Numbers shown at once when a person answers yes to the crisis question.</summary>
public static class EmergencyNumbers
{
    public sealed record Number(string Code, string Dial);

    public static readonly IReadOnlyList<Number> All =
    [
        new("suicide_prevention", "3114"),
        new("samu", "15"),
        new("european_emergency", "112"),
        new("police", "17"),
        new("violence_against_women", "3919"),
    ];
}
