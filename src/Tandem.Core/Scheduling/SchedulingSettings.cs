using NodaTime;

namespace Tandem.Core.Scheduling;

/// <summary>How interviews are offered; bound from the <c>Tandem:Scheduling</c> section by the host.</summary>
public sealed class SchedulingSettings
{
    public string TimeZone { get; set; } = "Europe/Paris";

    public int InterviewMinutes { get; set; } = 90;

    public int StepMinutes { get; set; } = 30;

    public int WeeksAhead { get; set; } = 8;

    public int MinimumNoticeHours { get; set; } = 24;

    public int MaxSlotsListed { get; set; } = 200;

    /// <summary>
    /// How long slot search may use its copy of everyone's free time before reading it again whole
    /// (see <see cref="FreeTimeCache"/>): the most a change no one announces (made by hand in the
    /// database) waits to be offered. Changes made through any instance are seen at once.
    /// </summary>
    public int FreeTimeSeconds { get; set; } = 300;

    /// <summary>The same while this instance does not hear the others' changes (PostgreSQL, listener not connected).</summary>
    public int UnheardFreeTimeSeconds { get; set; } = 10;

    /// <summary>The second interview is offered between these many days after the first one.</summary>
    public int SecondInterviewFromDays { get; set; } = 21;

    public int SecondInterviewToDays { get; set; } = 42;

    /// <summary>
    /// The video link of an appointment, with <c>{room}</c> replaced by its unguessable room name,
    /// e.g. a self-hosted Jitsi: <c>https://visio.example.org/{room}</c>. Unset: no link is shown.
    /// </summary>
    public string? VideoRoomTemplate { get; set; }

    public string? VideoLink(string? room) =>
        room is null || string.IsNullOrWhiteSpace(VideoRoomTemplate) ? null : VideoRoomTemplate.Replace("{room}", room, StringComparison.Ordinal);

    /// <summary>Until how long before the start the person may cancel (staff may always).</summary>
    public int CancellationNoticeHours { get; set; } = 24;

    public DateTimeZone Zone => DateTimeZoneProviders.Tzdb[TimeZone];
}
