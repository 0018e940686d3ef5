using NodaTime;

namespace Tandem.Core.Organisations;

/// <summary>
/// A client organisation. People name it by its code on the request form (from the poster
/// or flyer), and may then pick a department and a job family from its coarse lists.
/// </summary>
public sealed class Organisation
{
    public Guid Id { get; set; }

    public required string Name { get; set; }

    /// <summary>The code printed on posters and flyers; compared case-insensitively, stored upper-case.</summary>
    public required string Code { get; set; }

    public OrganisationKind Kind { get; set; } = OrganisationKind.Company;

    public Instant CreatedAt { get; set; }

    public List<OrganisationUnit> Units { get; set; } = [];

    /// <summary>The service agreement: what is included, from when to when, at what price.</summary>
    public LocalDate? AgreementStart { get; set; }

    public LocalDate? AgreementEnd { get; set; }

    public bool IncludesListeningLine { get; set; }

    public bool IncludesInterviews { get; set; } = true;

    public bool IncludesGroups { get; set; }

    public bool IncludesTeamProgrammes { get; set; }

    /// <summary>A free description of the prices agreed (per year, per hour, per programme — never per person).</summary>
    public string? Prices { get; set; }

    /// <summary>Where invoices go (the buyer's address a French invoice must carry).</summary>
    public string? BillingAddress { get; set; }

    public List<OnboardingStep> Onboarding { get; set; } = [];
}

public enum OrganisationKind
{
    Company = 1,
    Institution = 2,
}

/// <summary>The steps of setting the service up with an organisation, by co-construction (seeds 000 and 003).</summary>
public enum OnboardingStepKind
{
    ManagementMeeting = 1,
    WorksCouncil = 2,
    IndicatorsAgreed = 3,
    WorkersInformed = 4,
    Live = 5,
    Review = 6,
}

/// <summary>One step done: when, who attended, a note; for "indicators agreed", the agreement itself.</summary>
public sealed class OnboardingStep
{
    public Guid Id { get; set; }

    public Guid OrganisationId { get; set; }

    public OnboardingStepKind Kind { get; set; }

    public LocalDate Date { get; set; }

    public required string Attendees { get; set; }

    public string? Note { get; set; }

    /// <summary>For "indicators agreed": the smallest count ever published (never below 5).</summary>
    public int? MinimumCell { get; set; }

    /// <summary>For "indicators agreed": the dimensions agreed, comma-separated codes.</summary>
    public string? Tables { get; set; }

    public Guid RecordedById { get; set; }

    public Instant RecordedAt { get; set; }
}

public enum UnitKind
{
    Department = 1,
    JobFamily = 2,
}

/// <summary>A department or a job family of an organisation: coarse on purpose, so no one is alone in one.</summary>
public sealed class OrganisationUnit
{
    public Guid Id { get; set; }

    public Guid OrganisationId { get; set; }

    public UnitKind Kind { get; set; }

    public required string Name { get; set; }

    public int Position { get; set; }

    /// <summary>For a department: its headcount, when the organisation gives it (indicators merge small ones).</summary>
    public int? Headcount { get; set; }
}
