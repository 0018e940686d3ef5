using NodaTime;
using NodaTime.Testing;
using Tandem.Core.Common;
using Tandem.Core.Scheduling;

namespace Tandem.Core.Tests;

public sealed class AgendaPeriodTests
{
    private static readonly DateTimeZone Paris = DateTimeZoneProviders.Tzdb["Europe/Paris"];

    [Fact]
    public void Week_RunsMondayToSunday_AndTheWeekTheClocksGoBackHas169Hours()
    {
        // 25 October 2026: the clocks go back one hour in Paris.
        var period = AgendaPeriod.For(AgendaView.Week, new LocalDate(2026, 10, 28), Paris);
        Assert.Equal(new LocalDate(2026, 10, 26), period.First);
        Assert.Equal(new LocalDate(2026, 11, 1), period.Last);
        Assert.Equal(7, period.Days.Count());

        var changing = AgendaPeriod.For(AgendaView.Week, new LocalDate(2026, 10, 25), Paris);
        Assert.Equal(new LocalDate(2026, 10, 19), changing.First);
        Assert.Equal(Duration.FromHours(169), changing.End - changing.Start);
        Assert.Equal(new LocalDate(2026, 10, 12), changing.Previous);
        Assert.Equal(new LocalDate(2026, 10, 26), changing.Next);
    }

    [Fact]
    public void Day_TheClocksGoForward_Has23Hours()
    {
        var day = AgendaPeriod.For(AgendaView.Day, new LocalDate(2026, 3, 29), Paris);
        Assert.Equal(Duration.FromHours(23), day.End - day.Start);
        Assert.Equal(new LocalDate(2026, 3, 28), day.Previous);
    }

    [Theory]
    [InlineData(null, null, true)]
    [InlineData("jour", "2026-11-23", true)]
    [InlineData("week", "2026-11-23", true)]
    [InlineData("month", null, false)]
    [InlineData(null, "2026-02-30", false)]
    [InlineData(null, "23/11/2026", false)]
    [InlineData(null, "9999-12-31", false)]
    public void Parse_AcceptsWeekOrDayAndIsoDates_RefusesTheRest(string? view, string? date, bool valid)
    {
        var clock = new FakeClock(Instant.FromUtc(2026, 11, 23, 9, 0));
        var outcome = AgendaPeriod.Parse(view, date, clock, Paris);
        Assert.Equal(valid, outcome.Succeeded);
        if (!valid)
        {
            Assert.Equal(OutcomeStatus.Invalid, outcome.Status);
        }
    }
}
