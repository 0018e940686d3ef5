using NodaTime;
using Tandem.Core.Requests;

namespace Tandem.Core.Scheduling;

public enum Attendance
{
    Pending = 0,
    Held = 1,
    NotAttended = 2,
}

public enum AppointmentKind
{
    First = 1,
    Second = 2,
}

/// <summary>An interview of a request with its pair of practitioners.</summary>
public sealed class Appointment
{
    /// <summary>
    /// No interview lasts longer: "overlaps a period" is also written "starts less than this before
    /// it", which lets the index on the start bound the search from below as well as from above.
    /// </summary>
    public static readonly Duration LongestInterview = Duration.FromDays(1);

    public Guid Id { get; set; }

    public Guid RequestId { get; set; }

    public AppointmentKind Kind { get; set; }

    public Instant Start { get; set; }

    public Instant End { get; set; }

    public Modality Modality { get; set; }

    public Guid FirstPractitionerId { get; set; }

    public Guid SecondPractitionerId { get; set; }

    /// <summary>Never null: given by the caller, or derived from the request and the slot, so a retry finds the same row.</summary>
    public required string IdempotencyKey { get; set; }

    public Instant CreatedAt { get; set; }

    public Instant? CancelledAt { get; set; }

    /// <summary>Where, for an interview in person (from the practitioner's window).</summary>
    public string? Place { get; set; }

    /// <summary>How to get in, copied from the window with the place.</summary>
    public string? Access { get; set; }

    /// <summary>An unguessable room name, for a video interview; the link is built from the configured template.</summary>
    public string? VideoRoom { get; set; }

    /// <summary>The number the person gave for a phone interview, sealed; cleared once the interview is over.</summary>
    public Security.Encryption.SealedText? CallbackNumber { get; set; }

    /// <summary>Recorded by the pair after the interview.</summary>
    public Attendance Attendance { get; set; }

    /// <summary>The time this appointment takes from each of its two practitioners.</summary>
    public List<PractitionerBooking> Bookings { get; set; } = [];
}

/// <summary>
/// The time one practitioner is taken by an appointment, one row per practitioner. The
/// database refuses two overlapping rows for one practitioner: on PostgreSQL an exclusion
/// constraint over (practitioner, time range) with btree_gist; on SQLite the booking checks
/// and inserts inside one write transaction (SQLite admits one writer at a time). Rows are
/// deleted when the appointment is cancelled, freeing the time.
/// </summary>
public sealed class PractitionerBooking
{
    public Guid AppointmentId { get; set; }

    public Guid PractitionerId { get; set; }

    public Instant Start { get; set; }

    public Instant End { get; set; }
}
