using NodaTime;

namespace Tandem.Core.Practitioners;

/// <summary>The disciplines of the service (PRODUCT.md); codes are stable, labels live in the resources.</summary>
public static class Disciplines
{
    public const string ClinicalPsychologist = "clinical_psychologist";
    public const string WorkPsychologist = "work_psychologist";
    public const string SocialWorker = "social_worker";
    public const string OccupationalPhysician = "occupational_physician";
    public const string Coach = "coach";
    public const string LabourLawyer = "labour_lawyer";
    public const string CareerCounsellor = "career_counsellor";

    public static readonly IReadOnlyList<string> All =
    [
        ClinicalPsychologist, WorkPsychologist, SocialWorker, OccupationalPhysician, Coach, LabourLawyer, CareerCounsellor,
    ];

    public static bool IsKnown(string? code) => code is not null && All.Contains(code, StringComparer.Ordinal);
}

/// <summary>
/// A practitioner as people see them: practitioners are named publicly (seed 002), with
/// their disciplines, languages, a short presentation, where and how they receive.
/// </summary>
public sealed class PractitionerProfile
{
    public Guid Id { get; set; }

    /// <summary>The staff account this profile belongs to.</summary>
    public Guid UserId { get; set; }

    public required string PublicName { get; set; }

    public List<PractitionerDiscipline> Disciplines { get; set; } = [];

    /// <summary>Languages spoken, as ISO 639-1 codes separated by commas ("fr,en").</summary>
    public string Languages { get; set; } = "fr";

    public string? Presentation { get; set; }

    /// <summary>Where they receive in person (addresses, access), free text.</summary>
    public string? Places { get; set; }

    public bool OffersInPerson { get; set; }

    public bool OffersPhone { get; set; }

    public bool OffersVideo { get; set; }

    public Instant UpdatedAt { get; set; }

    /// <summary>SHA-256 of the secret of the private calendar feed; null when there is none.</summary>
    public string? CalendarFeedHash { get; set; }
}

public sealed class PractitionerDiscipline
{
    public Guid PractitionerId { get; set; }

    public required string Code { get; set; }
}
