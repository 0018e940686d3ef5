using NodaTime;

namespace Tandem.Core.Mail;

public enum OutboxKind
{
    AppointmentBooked = 1,
    AppointmentReminder = 2,
    AppointmentCancelled = 3,
    NewRequest = 4,

    /// <summary>A place in a support group or a workshop session is confirmed (at once, or from the waiting list).</summary>
    GroupConfirmed = 5,

    GroupReminder = 6,

    GroupSessionCancelled = 7,

    /// <summary>To a staff member: their password was changed (by them, signed in).</summary>
    StaffPasswordChanged = 8,

    /// <summary>To a staff member: an administrator issued a new-password link for their account.</summary>
    StaffPasswordResetIssued = 9,

    /// <summary>To a staff member: a new password was chosen with such a link.</summary>
    StaffPasswordReset = 10,

    /// <summary>To a staff member: an administrator reset their second factor; they enrol a new one at the next sign-in.</summary>
    StaffSecondFactorReset = 11,

    /// <summary>To a staff member: a recovery code was used to sign in.</summary>
    StaffRecoveryCodeUsed = 12,

    /// <summary>To a staff member: failed sign-ins in a row have blocked the account for a while.</summary>
    StaffSignInBlocked = 13,

    /// <summary>To a staff member: a security key was added to their account.</summary>
    StaffSecurityKeyAdded = 14,

    /// <summary>To a staff member: a security key was removed from their account.</summary>
    StaffSecurityKeyRemoved = 15,
}

public enum OutboxState
{
    Pending = 0,
    Sent = 1,

    /// <summary>Nothing to send when it came due: the person gave no e-mail address, or the appointment is gone.</summary>
    Skipped = 2,

    Failed = 3,
}

/// <summary>
/// A mail to send, written in the same transaction as what caused it. It holds no recipient
/// and no text: both are composed when it leaves, from the current state (so a contact removed
/// meanwhile is honoured, and erasing a space removes its messages with its appointments).
/// </summary>
public sealed class OutboxMessage
{
    public Guid Id { get; set; }

    public OutboxKind Kind { get; set; }

    public Guid? AppointmentId { get; set; }

    /// <summary>For group mails: the person's place (its space is the recipient) and the session concerned.</summary>
    public Guid? EnrolmentId { get; set; }

    public Guid? GroupSessionId { get; set; }

    /// <summary>For a notice about a staff account: the account (its current address is the recipient).</summary>
    public Guid? StaffUserId { get; set; }

    public Instant DueAt { get; set; }

    public Instant CreatedAt { get; set; }

    public OutboxState State { get; set; }

    public int Attempts { get; set; }

    /// <summary>The claim of the instance sending it; with <see cref="ClaimedUntil"/>, a lease.</summary>
    public Guid? ClaimedBy { get; set; }

    public Instant? ClaimedUntil { get; set; }

    public Instant? SentAt { get; set; }
}
