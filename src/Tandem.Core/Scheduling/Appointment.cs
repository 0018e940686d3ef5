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

    /// <summary>An unguessable room name, for a video interview; the link is built from the configured template.</summary>
    public string? VideoRoom { get; set; }

    /// <summary>The number the person gave for a phone interview, sealed; cleared once the interview is over.</summary>
    public Security.Encryption.SealedText? CallbackNumber { get; set; }

    /// <summary>Recorded by the pair after the interview.</summary>
    public Attendance Attendance { get; set; }

    public List<BusyCell> Cells { get; set; } = [];
}

/// <summary>
/// One quarter of an hour a practitioner is taken by an appointment. The unique index on
/// (practitioner, cell) is what makes double-booking impossible, whatever the number of
/// app instances: of two overlapping bookings the database accepts one.
/// </summary>
public sealed class BusyCell
{
    public static readonly Duration Size = Duration.FromMinutes(15);

    public Guid AppointmentId { get; set; }

    public Guid PractitionerId { get; set; }

    public Instant CellStart { get; set; }

    /// <summary>Every cell an interval touches, from the cell holding its start to the one holding its last instant.</summary>
    public static IEnumerable<Instant> Covering(Instant start, Instant end)
    {
        var size = Size.BclCompatibleTicks;
        var first = start.ToUnixTimeTicks() - (((start.ToUnixTimeTicks() % size) + size) % size);
        for (var cell = first; cell < end.ToUnixTimeTicks(); cell += size)
        {
            yield return Instant.FromUnixTimeTicks(cell);
        }
    }
}
