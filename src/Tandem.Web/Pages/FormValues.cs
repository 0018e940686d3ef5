using NodaTime;
using NodaTime.Text;

namespace Tandem.Web.Pages;

/// <summary>What the HTML date and date-time inputs send, read back; anything else is null (the handler then says what is missing).</summary>
public static class FormValues
{
    private static readonly LocalDateTimePattern DateTimeLocal = LocalDateTimePattern.CreateWithInvariantCulture("uuuu-MM-dd'T'HH:mm");

    /// <summary>An <c>input type="date"</c>: yyyy-mm-dd.</summary>
    public static LocalDate? Date(string? value) =>
        string.IsNullOrWhiteSpace(value) ? null : LocalDatePattern.Iso.Parse(value.Trim()) is { Success: true } parsed ? parsed.Value : null;

    /// <summary>An <c>input type="datetime-local"</c>, in the service's zone.</summary>
    public static Instant? Instant(string? value, DateTimeZone zone) =>
        value is not null && DateTimeLocal.Parse(value.Trim()) is { Success: true } parsed ? parsed.Value.InZoneLeniently(zone).ToInstant() : null;

    /// <summary>The value a <c>datetime-local</c> input shows for an instant.</summary>
    public static string Local(Instant instant, DateTimeZone zone) => DateTimeLocal.Format(instant.InZone(zone).LocalDateTime);
}
