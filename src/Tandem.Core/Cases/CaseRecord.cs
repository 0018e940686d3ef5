using NodaTime;
using Tandem.Core.Security.Encryption;

namespace Tandem.Core.Cases;

/// <summary>The six axes of psychosocial risk of the Gollac report (used by INRS), coded by the pair after an interview.</summary>
public static class RiskFactors
{
    public const string WorkIntensity = "work_intensity";
    public const string EmotionalDemands = "emotional_demands";
    public const string LackOfAutonomy = "lack_of_autonomy";
    public const string PoorSocialRelations = "poor_social_relations";
    public const string ValueConflicts = "value_conflicts";
    public const string Insecurity = "insecurity";

    public static readonly IReadOnlyList<string> All = [WorkIntensity, EmotionalDemands, LackOfAutonomy, PoorSocialRelations, ValueConflicts, Insecurity];

    public static bool IsKnown(string? code) => code is not null && All.Contains(code, StringComparer.Ordinal);
}

public enum AxisLevel
{
    NotRaised = 0,
    Raised = 1,
    Major = 2,
}

public enum NextStep
{
    SecondInterview = 1,
    SupportGroup = 2,
    Workshop = 3,
    Referral = 4,
    Signposting = 5,
    Closed = 6,
}

/// <summary>Where a person is signposted outside the service; a category only, for the indicators.</summary>
public static class OutsideSignposts
{
    public static readonly IReadOnlyList<string> All =
        ["labour_lawyer", "career_counsellor", "family_doctor", "labour_inspectorate", "social_services", "other"];

    public static bool IsKnown(string? code) => code is not null && All.Contains(code, StringComparer.Ordinal);
}

/// <summary>What the pair records about one interview. Nothing in it is free text.</summary>
public sealed class InterviewRecord
{
    public Guid AppointmentId { get; set; }

    public Guid RequestId { get; set; }

    public bool Held { get; set; }

    public int? DurationMinutes { get; set; }

    public NextStep NextStep { get; set; }

    public string? SignpostCategory { get; set; }

    public Guid RecordedById { get; set; }

    public Instant RecordedAt { get; set; }

    public List<InterviewTheme> Themes { get; set; } = [];

    public List<InterviewAxis> Axes { get; set; } = [];
}

public sealed class InterviewTheme
{
    public Guid AppointmentId { get; set; }

    public required string Code { get; set; }
}

public sealed class InterviewAxis
{
    public Guid AppointmentId { get; set; }

    public required string Axis { get; set; }

    public AxisLevel Level { get; set; }
}

/// <summary>A note of the pair, sealed under the case's data key; readable by the pair only.</summary>
public sealed class CaseNote
{
    public Guid Id { get; set; }

    public Guid RequestId { get; set; }

    public Guid AuthorId { get; set; }

    public Instant CreatedAt { get; set; }

    public required SealedText Text { get; set; }
}

public enum ReferralState
{
    Proposed = 1,
    Accepted = 2,
    Refused = 3,
}

/// <summary>
/// A referral to a practitioner of another discipline (seed 001), with a hand-over note sealed
/// under the case's key. The new practitioner sees the hand-over only once the person consented,
/// and never the pair's notes.
/// </summary>
public sealed class Referral
{
    public Guid Id { get; set; }

    public Guid RequestId { get; set; }

    public Guid ProposedById { get; set; }

    /// <summary>The practitioner profile referred to.</summary>
    public Guid ToPractitionerId { get; set; }

    public required string ToDiscipline { get; set; }

    public required SealedText HandOver { get; set; }

    public ReferralState State { get; set; }

    public Instant ProposedAt { get; set; }

    public Instant? DecidedAt { get; set; }

    /// <summary>True when the pair recorded consent given during an interview, false when the person answered in their space.</summary>
    public bool ConsentRecordedByPair { get; set; }
}

public enum Who5Moment
{
    BeforeFirst = 1,
    BeforeSecond = 2,
    ThreeMonths = 3,
}

/// <summary>One WHO-5 answer: the raw score (0–25) only, never the items.</summary>
public sealed class Who5Response
{
    public Guid Id { get; set; }

    public Guid RequestId { get; set; }

    public Who5Moment Moment { get; set; }

    public int RawScore { get; set; }

    public Instant AnsweredAt { get; set; }

    /// <summary>The WHO-5 percentage (raw × 4), 0–100.</summary>
    public int Percentage => RawScore * 4;
}
