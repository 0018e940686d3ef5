namespace Tandem.Core.Indicators;

/// <summary>A department whose solicitations per headcount are among the highest of the period.</summary>
public sealed record PriorityUnit(string Label, int Solicitations, int Headcount, decimal PerHundred);

/// <summary>
/// Seed 003: the figures direct the analysis of work situations towards the units that need it.
/// Built from the published (already controlled) department tables only: a department appears when
/// both its requests and its calls were published and its headcount is known; the highest rates
/// come first. Nothing here is finer than what the report already shows.
/// </summary>
public static class PriorityUnits
{
    public const int Shown = 3;

    public static IReadOnlyList<PriorityUnit> From(IndicatorReport report, IReadOnlyDictionary<Guid, int?> headcounts)
    {
        var tables = report.Tables.Where(t => t.Dimension == "department" && t.Measure is "requests" or "calls").ToList();
        if (report.Withheld || tables.Count == 0)
        {
            return [];
        }

        return tables.SelectMany(t => t.Rows)
            .GroupBy(r => r.Key[(r.Key.LastIndexOf('|') + 1)..])
            .Where(g => g.Count() == tables.Count && g.All(r => !r.Suppressed) && Guid.TryParseExact(g.Key, "N", out var id) && headcounts.GetValueOrDefault(id) is > 0)
            .Select(g =>
            {
                var headcount = headcounts[Guid.ParseExact(g.Key, "N")]!.Value;
                var solicitations = g.Sum(r => r.Count!.Value);
                return new PriorityUnit(g.First().Label, solicitations, headcount, Math.Round(100m * solicitations / headcount, 1));
            })
            .Where(u => u.Solicitations > 0)
            .OrderByDescending(u => u.PerHundred)
            .Take(Shown)
            .ToList();
    }
}
