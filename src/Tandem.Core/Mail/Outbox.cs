using Microsoft.EntityFrameworkCore;
using NodaTime;
using Tandem.Core.Data;
using Tandem.Core.Scheduling;

namespace Tandem.Core.Mail;

/// <summary>Adds messages to the outbox in the caller's unit of work; nothing is sent here.</summary>
public sealed class Outbox(TandemDbContext db, MailSettings settings, IClock clock)
{
    /// <summary>The confirmation now and the reminder before the start (when still ahead).</summary>
    public void AppointmentBooked(Appointment appointment)
    {
        if (!settings.Enabled)
        {
            return;
        }

        var now = clock.GetCurrentInstant();
        Add(OutboxKind.AppointmentBooked, appointment.Id, now);
        var reminder = appointment.Start - Duration.FromHours(settings.ReminderHoursBefore);
        if (reminder > now)
        {
            Add(OutboxKind.AppointmentReminder, appointment.Id, reminder);
        }
    }

    /// <summary>Drops what was still to be sent about the appointment; tells the person only if they were told it was booked.</summary>
    public async Task AppointmentCancelledAsync(Guid appointmentId, CancellationToken ct)
    {
        var confirmed = await db.OutboxMessages.AnyAsync(m => m.AppointmentId == appointmentId && m.Kind == OutboxKind.AppointmentBooked && m.State == OutboxState.Sent, ct);
        await db.OutboxMessages.Where(m => m.AppointmentId == appointmentId && m.State == OutboxState.Pending).ExecuteDeleteAsync(ct);
        if (settings.Enabled && confirmed)
        {
            Add(OutboxKind.AppointmentCancelled, appointmentId, clock.GetCurrentInstant());
        }
    }

    /// <summary>"New request", to the coordination's address, saying nothing else.</summary>
    public void NewRequest()
    {
        if (settings.Enabled && !string.IsNullOrWhiteSpace(settings.CoordinationAddress))
        {
            Add(OutboxKind.NewRequest, null, clock.GetCurrentInstant());
        }
    }

    /// <summary>"Your place is confirmed", to a person who just joined or came off the waiting list.</summary>
    public void GroupConfirmed(Guid enrolmentId)
    {
        if (settings.Enabled)
        {
            Add(OutboxKind.GroupConfirmed, null, clock.GetCurrentInstant(), enrolmentId);
        }
    }

    /// <summary>The reminder before a session, when still ahead.</summary>
    public void GroupReminder(Guid enrolmentId, Guid sessionId, Instant start)
    {
        var due = start - Duration.FromHours(settings.ReminderHoursBefore);
        if (settings.Enabled && due > clock.GetCurrentInstant())
        {
            Add(OutboxKind.GroupReminder, null, due, enrolmentId, sessionId);
        }
    }

    /// <summary>A session cancelled for everyone: its reminders go, those with a place are told.</summary>
    public async Task GroupSessionCancelledAsync(Guid sessionId, IEnumerable<Guid> enrolmentIds, CancellationToken ct)
    {
        await db.OutboxMessages.Where(m => m.GroupSessionId == sessionId && m.State == OutboxState.Pending).ExecuteDeleteAsync(ct);
        if (settings.Enabled)
        {
            foreach (var enrolmentId in enrolmentIds)
            {
                Add(OutboxKind.GroupSessionCancelled, null, clock.GetCurrentInstant(), enrolmentId, sessionId);
            }
        }
    }

    /// <summary>The person left: nothing more is sent about that place.</summary>
    public Task DropEnrolmentAsync(Guid enrolmentId, CancellationToken ct) =>
        db.OutboxMessages.Where(m => m.EnrolmentId == enrolmentId && m.State == OutboxState.Pending).ExecuteDeleteAsync(ct);

    /// <summary>
    /// Tells a staff member, at their address, that something happened to how they sign in (ASVS 6.3.4, 6.3.6),
    /// so that a change they did not make is noticed. Saved with the caller's unit of work.
    /// </summary>
    public void StaffNotice(Guid staffUserId, OutboxKind kind)
    {
        if (!IsStaffNotice(kind))
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a notice to a staff member.");
        }

        if (settings.Enabled)
        {
            Add(kind, null, clock.GetCurrentInstant(), staffUserId: staffUserId);
        }
    }

    /// <summary>The notice, saved at once: for what Identity has already saved on its own.</summary>
    public async Task NotifyStaffAsync(Guid staffUserId, OutboxKind kind, CancellationToken ct)
    {
        StaffNotice(staffUserId, kind);
        await db.SaveChangesAsync(ct);
    }

    public static bool IsStaffNotice(OutboxKind kind) => kind is >= OutboxKind.StaffPasswordChanged and <= OutboxKind.StaffSecurityKeyRemoved;

    private void Add(OutboxKind kind, Guid? appointmentId, Instant due, Guid? enrolmentId = null, Guid? sessionId = null, Guid? staffUserId = null) => db.OutboxMessages.Add(new OutboxMessage
    {
        Id = Guid.NewGuid(),
        Kind = kind,
        AppointmentId = appointmentId,
        EnrolmentId = enrolmentId,
        GroupSessionId = sessionId,
        StaffUserId = staffUserId,
        DueAt = due,
        CreatedAt = clock.GetCurrentInstant(),
    });
}
