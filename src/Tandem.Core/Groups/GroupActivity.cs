using NodaTime;
using Tandem.Core.Requests;
using Tandem.Core.Security.Encryption;

namespace Tandem.Core.Groups;

public enum ActivityKind
{
    /// <summary>A monthly series (groupe de parole): people join the series, at most twelve.</summary>
    SupportGroup = 1,

    /// <summary>A theme of the catalogue: people register for one session at a time.</summary>
    Workshop = 2,
}

public enum EnrolmentState
{
    Confirmed = 1,
    Waiting = 2,
    Cancelled = 3,
}

/// <summary>
/// A support group or a workshop, run by one or two facilitators, in a place or by video.
/// Its roster is the series for a support group (<see cref="Capacity"/> and <see cref="Taken"/>
/// here) and each session for a workshop (on <see cref="GroupSession"/>). The database refuses
/// <c>Taken &gt; Capacity</c>, so simultaneous registrations never overfill a roster.
/// </summary>
public sealed class GroupActivity
{
    public Guid Id { get; set; }

    public ActivityKind Kind { get; set; }

    public required string Title { get; set; }

    /// <summary>For a workshop: the code of its theme in <see cref="WorkshopCatalogue"/>.</summary>
    public string? Theme { get; set; }

    public string? Description { get; set; }

    /// <summary>Practitioner profiles running it: one or two.</summary>
    public Guid FirstFacilitatorId { get; set; }

    public Guid? SecondFacilitatorId { get; set; }

    public Modality Modality { get; set; }

    public string? Place { get; set; }

    public string? Access { get; set; }

    public string? VideoRoom { get; set; }

    /// <summary>The size of the roster (a support group's members; a workshop's sessions by default).</summary>
    public int Capacity { get; set; }

    /// <summary>A support group's confirmed members; always 0 for a workshop.</summary>
    public int Taken { get; set; }

    public Instant CreatedAt { get; set; }

    public Instant? ClosedAt { get; set; }

    public List<GroupSession> Sessions { get; set; } = [];
}

/// <summary>One meeting of a support group or one session of a workshop.</summary>
public sealed class GroupSession
{
    public Guid Id { get; set; }

    public Guid ActivityId { get; set; }

    public Instant Start { get; set; }

    public Instant End { get; set; }

    /// <summary>For a workshop session: its places and how many are taken (0 and 0 for a support group).</summary>
    public int Capacity { get; set; }

    public int Taken { get; set; }

    public Instant? CancelledAt { get; set; }
}

/// <summary>
/// A person's place in a roster (a support group, or one workshop session), confirmed or on the
/// waiting list. It carries the pseudonym the others see, sealed with the space's key, and
/// nothing else about the person.
/// </summary>
public sealed class GroupEnrolment
{
    public Guid Id { get; set; }

    public Guid ActivityId { get; set; }

    /// <summary>The workshop session; null for a support group (the whole series).</summary>
    public Guid? SessionId { get; set; }

    /// <summary>The session for a workshop, the activity for a support group: one key for "one place per person".</summary>
    public Guid RosterId { get; set; }

    public Guid SpaceId { get; set; }

    public required SealedText Pseudonym { get; set; }

    public EnrolmentState State { get; set; }

    public Instant CreatedAt { get; set; }

    public Instant? ConfirmedAt { get; set; }

    public Instant? CancelledAt { get; set; }
}

/// <summary>Whether a member was there, as the facilitators recorded it.</summary>
public sealed class GroupAttendance
{
    public Guid SessionId { get; set; }

    public Guid EnrolmentId { get; set; }

    public bool Present { get; set; }

    public Guid RecordedById { get; set; }

    public Instant RecordedAt { get; set; }
}

/// <summary>The themes of the workshops (fixed list, labels in the resources as <c>Workshop.Theme.{code}</c>).</summary>
public static class WorkshopCatalogue
{
    public const string Stress = "stress";
    public const string Harassment = "harassment_rights";
    public const string AfterBurnout = "after_burnout";
    public const string Conflict = "conflict";
    public const string Meaning = "meaning";
    public const string Transition = "transition";

    public static readonly IReadOnlyList<string> All = [Stress, Harassment, AfterBurnout, Conflict, Meaning, Transition];

    public static bool IsKnown(string? code) => code is not null && All.Contains(code, StringComparer.Ordinal);
}
