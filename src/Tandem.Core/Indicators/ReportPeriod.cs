using System.Globalization;
using System.Text.RegularExpressions;
using NodaTime;

namespace Tandem.Core.Indicators;

public enum PeriodKind
{
    Month = 1,
    Quarter = 2,
    Year = 3,
}

/// <summary>A month (<c>2026-09</c>), a quarter (<c>2026-Q3</c>) or a year (<c>2026</c>) of the service's calendar.</summary>
public sealed partial record ReportPeriod(PeriodKind Kind, LocalDate First, LocalDate EndExclusive, string Code)
{
    public static ReportPeriod? Parse(string? code)
    {
        var m = Pattern().Match(code?.Trim() ?? string.Empty);
        if (!m.Success)
        {
            return null;
        }

        var year = int.Parse(m.Groups["y"].Value, CultureInfo.InvariantCulture);
        if (year is < 2000 or > 2999)
        {
            return null;
        }

        if (m.Groups["q"].Success)
        {
            var q = int.Parse(m.Groups["q"].Value, CultureInfo.InvariantCulture);
            var first = new LocalDate(year, ((q - 1) * 3) + 1, 1);
            return new ReportPeriod(PeriodKind.Quarter, first, first.PlusMonths(3), $"{year}-Q{q}");
        }

        if (m.Groups["m"].Success)
        {
            var month = int.Parse(m.Groups["m"].Value, CultureInfo.InvariantCulture);
            var first = new LocalDate(year, month, 1);
            return new ReportPeriod(PeriodKind.Month, first, first.PlusMonths(1), $"{year}-{month:00}");
        }

        return new ReportPeriod(PeriodKind.Year, new LocalDate(year, 1, 1), new LocalDate(year + 1, 1, 1), year.ToString(CultureInfo.InvariantCulture));
    }

    public Instant Start(DateTimeZone zone) => First.AtStartOfDayInZone(zone).ToInstant();

    public Instant End(DateTimeZone zone) => EndExclusive.AtStartOfDayInZone(zone).ToInstant();

    /// <summary>Closed once its last day is over in the service's zone; the open period is never reported.</summary>
    public bool IsClosed(Instant now, DateTimeZone zone) => End(zone) <= now;

    /// <summary>The months of the period, for the "period" dimension of a quarter or a year.</summary>
    public IEnumerable<LocalDate> Months()
    {
        for (var month = First; month < EndExclusive; month = month.PlusMonths(1))
        {
            yield return month;
        }
    }

    [GeneratedRegex(@"^(?<y>\d{4})(?:-Q(?<q>[1-4])|-(?<m>0[1-9]|1[0-2]))?$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
