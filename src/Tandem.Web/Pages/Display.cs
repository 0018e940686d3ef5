using System.Globalization;
using NodaTime;

namespace Tandem.Web.Pages;

/// <summary>How instants are shown to people: in the service's time zone, in the page's culture.</summary>
public static class Display
{
    /// <summary>The service's zone (Tandem:Scheduling:TimeZone), set once at start-up.</summary>
    public static DateTimeZone ServiceZone { get; private set; } = DateTimeZoneProviders.Tzdb["Europe/Paris"];

    public static void UseZone(DateTimeZone zone) => ServiceZone = zone;

    public static string DateTime(Instant instant) =>
        instant.InZone(ServiceZone).LocalDateTime.ToString("g", CultureInfo.CurrentCulture);

    public static string Date(Instant instant) =>
        instant.InZone(ServiceZone).Date.ToString("D", CultureInfo.CurrentCulture);

    public static string Date(LocalDate date) =>
        date.ToString("d", CultureInfo.CurrentCulture);

    public static string Time(Instant instant) =>
        instant.InZone(ServiceZone).TimeOfDay.ToString("t", CultureInfo.CurrentCulture);

    public static string DateTimeWithSeconds(Instant instant) =>
        instant.InZone(ServiceZone).LocalDateTime.ToString("G", CultureInfo.CurrentCulture);
}
