using Tandem.Web.Api;

namespace Tandem.Web.Kit;

/// <summary>
/// A bar chart of one indicator table, as SVG (ScottPlot), served as an image so the page keeps its
/// strict CSP. Suppressed cells have no bar; the table beside the chart carries every number.
/// </summary>
public static class IndicatorCharts
{
    public static string Svg(IndicatorTableResponse table, string title)
    {
        var rows = table.Rows.ToList();
        var plot = new ScottPlot.Plot();
        var bars = rows.Select((r, i) => new ScottPlot.Bar
        {
            Position = rows.Count - i,
            Value = r.Count ?? 0,
            FillColor = r.Suppressed ? ScottPlot.Colors.LightGray : ScottPlot.Color.FromHex("#0B5CAD"),
        }).ToList();
        var series = plot.Add.Bars(bars);
        series.Horizontal = true;
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            rows.Select((_, i) => (double)(rows.Count - i)).ToArray(), rows.Select(r => r.Label).ToArray());
        plot.Axes.Margins(left: 0, bottom: 0.05);
        plot.Title(title);
        return plot.GetSvgXml(640, Math.Max(200, 60 + (rows.Count * 28)));
    }
}
