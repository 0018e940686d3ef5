using NodaTime;
using NodaTime.Text;
using Tandem.Core.Groups;

namespace Tandem.Core.Tests;

public sealed class MonthlyStartsTests
{
    private static readonly DateTimeZone Paris = DateTimeZoneProviders.Tzdb["Europe/Paris"];

    private static Instant At(string local) => LocalDateTimePattern.GeneralIso.Parse(local).Value.InZoneStrictly(Paris).ToInstant();

    private static string Local(Instant instant) => LocalDateTimePattern.GeneralIso.Format(instant.InZone(Paris).LocalDateTime);

    [Fact]
    public void KeepsTheSameWeekdayOfTheMonth_AndTheLocalHourAcrossSummerTime()
    {
        // The second Tuesday of January 2027, 18:00 in Paris, then each month's second Tuesday.
        var starts = GroupActivities.MonthlyStarts(At("2027-01-12T18:00:00"), 4, Paris).Select(Local).ToList();
        Assert.Equal(["2027-01-12T18:00:00", "2027-02-09T18:00:00", "2027-03-09T18:00:00", "2027-04-13T18:00:00"], starts);
    }

    [Fact]
    public void AFifthWeekdayFallsBackToTheLastOneInShortMonths()
    {
        var starts = GroupActivities.MonthlyStarts(At("2027-03-31T10:00:00"), 2, Paris).Select(Local).ToList();
        Assert.Equal(["2027-03-31T10:00:00", "2027-04-28T10:00:00"], starts);
    }
}
