using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using NodaTime;

namespace Tandem.Core.Scheduling;

/// <summary>An event of an .ics file: never an attendee, an organiser, a pseudonym or a theme.</summary>
public sealed record CalendarEntry(Guid AppointmentId, Instant Start, Instant End, string Summary, string? Location, string? Description, bool Cancelled);

/// <summary>iCalendar (RFC 5545) files with Ical.Net: the attachment of a mail, or a practitioner's feed.</summary>
public static class CalendarFiles
{
    public const string ContentType = "text/calendar";

    public static string Uid(Guid appointmentId) => $"{appointmentId:N}@tandem.invalid";

    /// <param name="method"><c>REQUEST</c> or <c>CANCEL</c> for a mail's attachment; null for a subscribed feed.</param>
    public static string Write(IEnumerable<CalendarEntry> entries, string? method, string? name = null)
    {
        var calendar = new Calendar { ProductId = "-//Tandem//Tandem//FR" };
        if (method is not null)
        {
            calendar.Method = method;
        }

        if (name is not null)
        {
            calendar.AddProperty("X-WR-CALNAME", name);
        }

        foreach (var entry in entries)
        {
            calendar.Events.Add(new CalendarEvent
            {
                Uid = Uid(entry.AppointmentId),
                Start = new CalDateTime(entry.Start.ToDateTimeUtc()),
                End = new CalDateTime(entry.End.ToDateTimeUtc()),
                DtStamp = new CalDateTime(DateTime.UtcNow),
                Summary = entry.Summary,
                Location = entry.Location,
                Description = entry.Description,
                Status = entry.Cancelled ? EventStatus.Cancelled : EventStatus.Confirmed,
                Sequence = entry.Cancelled ? 1 : 0,
                Transparency = TransparencyType.Opaque,
            });
        }

        return new CalendarSerializer().SerializeToString(calendar) ?? string.Empty;
    }
}
