namespace Tandem.Core.Mail;

/// <summary>Outgoing mail over SMTP; bound from the <c>Tandem:Mail</c> section by the host. No host: no mail at all.</summary>
public sealed class MailSettings
{
    public string? Host { get; set; }

    public int Port { get; set; } = 25;

    /// <summary><c>auto</c> (STARTTLS when offered), <c>starttls</c> (required), <c>tls</c> (TLS on connect), or <c>none</c>.</summary>
    public string Security { get; set; } = "auto";

    public string? UserName { get; set; }

    public string? Password { get; set; }

    /// <summary>The sender, e.g. <c>Tandem &lt;rendez-vous@example.org&gt;</c>. Keep the display name neutral.</summary>
    public string From { get; set; } = "Tandem <no-reply@localhost>";

    /// <summary>Where "new request" notices go (the coordination's shared address); unset: none are sent.</summary>
    public string? CoordinationAddress { get; set; }

    /// <summary>How long before an interview the reminder leaves.</summary>
    public int ReminderHoursBefore { get; set; } = 24;

    /// <summary>How often each instance looks for messages due.</summary>
    public int PollSeconds { get; set; } = 15;

    public int BatchSize { get; set; } = 20;

    /// <summary>How long a claimed message is reserved for the instance that claimed it.</summary>
    public int LeaseSeconds { get; set; } = 300;

    /// <summary>Attempts before a message is given up (failed), with growing pauses between them.</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>How long sent, skipped and failed messages are kept (their rows hold no content).</summary>
    public int KeepDays { get; set; } = 30;

    public bool Enabled => !string.IsNullOrWhiteSpace(Host);
}
