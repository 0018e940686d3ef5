using NodaTime;
using Tandem.Core.Indicators;

namespace Tandem.Core.Tests;

public sealed class PriorityUnitsTests
{
    private static readonly Guid A = Guid.NewGuid(), B = Guid.NewGuid(), C = Guid.NewGuid();

    private static PublishedTable Table(string measure, params (Guid Id, int? Count)[] rows) =>
        new("department", measure, rows.Select(r => new PublishedCell($"{measure}|department|{r.Id:N}", r.Id.ToString("N")[..4], r.Count, r.Count is null)).ToList(), 100);

    [Fact]
    public void HighestRatesFirst_OnlyPublishedCellsWithAKnownHeadcount()
    {
        var report = new IndicatorReport("2026-Q3", false, 5, [Table("requests", (A, 10), (B, 6), (C, null)), Table("calls", (A, 0), (B, 9), (C, 7))], 40, Instant.FromUnixTimeSeconds(0));
        var units = PriorityUnits.From(report, new Dictionary<Guid, int?> { [A] = 200, [B] = 50, [C] = 20 });
        Assert.Equal(2, units.Count);
        Assert.Equal(30m, units[0].PerHundred);
        Assert.Equal(15, units[0].Solicitations);
        Assert.Equal(5m, units[1].PerHundred);
    }

    [Fact]
    public void AWithheldReport_HasNoPriorities()
    {
        var report = new IndicatorReport("2026-Q3", true, 5, [], null, Instant.FromUnixTimeSeconds(0));
        Assert.Empty(PriorityUnits.From(report, new Dictionary<Guid, int?>()));
    }
}
