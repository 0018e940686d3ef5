using NodaTime;
using Tandem.Core.Requests;

namespace Tandem.Core.Scheduling;

/// <summary>A weekly window a practitioner receives in, for one modality (and a place when in person).</summary>
public sealed class AvailabilityWindow
{
    public Guid Id { get; set; }

    public Guid PractitionerId { get; set; }

    public IsoDayOfWeek Day { get; set; }

    public LocalTime Start { get; set; }

    public LocalTime End { get; set; }

    public Modality Modality { get; set; }

    public string? Place { get; set; }

    /// <summary>How to get in (floor, door code, who to ask for), shown to the person with the place.</summary>
    public string? Access { get; set; }
}

/// <summary>A one-off opening beside the weekly windows.</summary>
public sealed class AvailabilityOpening
{
    public Guid Id { get; set; }

    public Guid PractitionerId { get; set; }

    public LocalDate Date { get; set; }

    public LocalTime Start { get; set; }

    public LocalTime End { get; set; }

    public Modality Modality { get; set; }
}

/// <summary>Leave or any absence: nothing is offered in it.</summary>
public sealed class PractitionerLeave
{
    public Guid Id { get; set; }

    public Guid PractitionerId { get; set; }

    public Instant Start { get; set; }

    public Instant End { get; set; }
}

/// <summary>
/// A declared prior link: an organisation (or one department of it) a practitioner has
/// worked for or with. They are never proposed for a request from it.
/// </summary>
public sealed class PriorLink
{
    public Guid Id { get; set; }

    public Guid PractitionerId { get; set; }

    public Guid OrganisationId { get; set; }

    /// <summary>Null: the whole organisation.</summary>
    public Guid? DepartmentId { get; set; }
}

/// <summary>Which two disciplines suit a theme; the administrator edits the table, seeded sensibly.</summary>
public sealed class SuitedPair
{
    public int Id { get; set; }

    public required string Theme { get; set; }

    public required string DisciplineA { get; set; }

    public required string DisciplineB { get; set; }
}

/// <summary>
/// A pair the person said they know someone in, without saying who: never offered again
/// for that request. Stored in a canonical order (smaller id first).
/// </summary>
public sealed class ExcludedPair
{
    public Guid RequestId { get; set; }

    public Guid PractitionerA { get; set; }

    public Guid PractitionerB { get; set; }

    public static (Guid A, Guid B) Canonical(Guid x, Guid y) => x.CompareTo(y) <= 0 ? (x, y) : (y, x);
}
