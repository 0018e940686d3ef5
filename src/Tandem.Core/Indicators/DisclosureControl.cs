namespace Tandem.Core.Indicators;

/// <summary>A cell before disclosure control: a key shared by every table that shows the same count, and the count.</summary>
public sealed record RawCell(string Key, string Label, int Count);

/// <summary>A table before disclosure control. Additive: its rows partition its total (a request has one department), so a suppressed cell could be found by subtraction.</summary>
public sealed record RawTable(string Dimension, string Measure, IReadOnlyList<RawCell> Rows, int Total, bool Additive);

public sealed record PublishedCell(string Key, string Label, int? Count, bool Suppressed);

public sealed record PublishedTable(string Dimension, string Measure, IReadOnlyList<PublishedCell> Rows, int? Total);

/// <summary>
/// Statistical disclosure control, applied before anything leaves the server (seed 003: no one
/// can be singled out). Primary: a count from 1 to minimum−1 is suppressed. Secondary: in an
/// additive table showing its total, suppressed cells are never alone and never all ones (either
/// would let a reader recover them by subtraction), adding the smallest other cells first; when
/// that is impossible the total is suppressed instead. A cell suppressed anywhere is suppressed in
/// every table that shows it. Zero is published: it says no one.
/// </summary>
public static class DisclosureControl
{
    public const string OtherDepartments = "autres";

    public static IReadOnlyList<PublishedTable> Apply(IReadOnlyList<RawTable> tables, int minimum)
    {
        var suppressed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var cell in tables.SelectMany(t => t.Rows).Where(c => c.Count > 0 && c.Count < minimum))
        {
            suppressed.Add(cell.Key);
        }

        var totalSuppressed = new HashSet<int>();
        bool changed;
        do
        {
            changed = false;
            for (var i = 0; i < tables.Count; i++)
            {
                var table = tables[i];
                if (!table.Additive || totalSuppressed.Contains(i))
                {
                    continue;
                }

                while (!Safe(table, suppressed))
                {
                    var next = table.Rows.Where(c => c.Count > 0 && !suppressed.Contains(c.Key)).OrderBy(c => c.Count).ThenBy(c => c.Key, StringComparer.Ordinal).FirstOrDefault();
                    if (next is null)
                    {
                        totalSuppressed.Add(i);
                        changed = true;
                        break;
                    }

                    suppressed.Add(next.Key);
                    changed = true;
                }
            }
        }
        while (changed);

        return tables.Select((t, i) => new PublishedTable(
            t.Dimension,
            t.Measure,
            t.Rows.Select(c => suppressed.Contains(c.Key) ? new PublishedCell(c.Key, c.Label, null, true) : new PublishedCell(c.Key, c.Label, c.Count, false)).ToList(),
            totalSuppressed.Contains(i) || (t.Total > 0 && t.Total < minimum) ? null : t.Total)).ToList();
    }

    /// <summary>No suppressed cell, or at least two whose sum is more than their number (so not all ones).</summary>
    public static bool Safe(RawTable table, IReadOnlySet<string> suppressed)
    {
        var hidden = table.Rows.Where(c => suppressed.Contains(c.Key) && c.Count > 0).ToList();
        return hidden.Count == 0 || (hidden.Count >= 2 && hidden.Sum(c => c.Count) > hidden.Count);
    }

    /// <summary>Departments smaller than the minimum (by headcount) are merged into "autres" before counting.</summary>
    public static Func<Guid?, (string Key, string Label)?> DepartmentGrouping(IReadOnlyDictionary<Guid, (string Name, int? Headcount)> departments, int minimum, string otherLabel) =>
        id => id is { } d && departments.TryGetValue(d, out var dep)
            ? dep.Headcount is { } h && h < minimum ? (OtherDepartments, otherLabel) : (d.ToString("N"), dep.Name)
            : null;
}
