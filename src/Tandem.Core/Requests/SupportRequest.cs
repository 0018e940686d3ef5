using NodaTime;
using Tandem.Core.Security.Encryption;

namespace Tandem.Core.Requests;

/// <summary>A request for help, alone or as a group of colleagues, and its triage by the coordination.</summary>
public sealed class SupportRequest
{
    public Guid Id { get; set; }

    public Guid SpaceId { get; set; }

    public BeneficiarySpace? Space { get; set; }

    /// <summary>This request's own data key: its message, replies and later its case notes are sealed under it.</summary>
    public Guid DataKeyId { get; set; }

    public DataKey? DataKey { get; set; }

    public List<RequestTheme> Themes { get; set; } = [];

    public bool Collective { get; set; }

    public int Participants { get; set; } = 1;

    public Modality Modality { get; set; }

    public bool LongInterviewAvailable { get; set; }

    public Guid? OrganisationId { get; set; }

    public Guid? DepartmentId { get; set; }

    public Guid? JobFamilyId { get; set; }

    public SealedText? Message { get; set; }

    /// <summary>The person answered yes to the crisis question: urgent for the coordination.</summary>
    public bool Urgent { get; set; }

    public RequestStatus Status { get; set; } = RequestStatus.New;

    public Instant CreatedAt { get; set; }

    public Instant? TriagedAt { get; set; }

    public Guid? TriagedById { get; set; }

    public string? SignpostedTo { get; set; }

    /// <summary>What the person reads about the outcome (where to go, why not), sealed.</summary>
    public SealedText? OutcomeText { get; set; }

    public Instant? FrameworkPresentedAt { get; set; }

    public Instant? LongInterviewConfirmedAt { get; set; }

    /// <summary>Set when the pair records "closed" as what comes next: the case is over.</summary>
    public Instant? ClosedAt { get; set; }

    /// <summary>When the pair proposed the support group and the workshops (the person may then join before any interview is held).</summary>
    public Instant? GroupsProposedAt { get; set; }

    public List<RequestMessage> Messages { get; set; } = [];
}

public sealed class RequestTheme
{
    public Guid RequestId { get; set; }

    public required string Code { get; set; }
}

/// <summary>A secure message between the coordination and the person, sealed under the request's key.</summary>
public sealed class RequestMessage
{
    public Guid Id { get; set; }

    public Guid RequestId { get; set; }

    public bool FromCoordination { get; set; }

    public Guid? AuthorStaffId { get; set; }

    public required SealedText Body { get; set; }

    public Instant SentAt { get; set; }

    public Instant? ReadAt { get; set; }
}
