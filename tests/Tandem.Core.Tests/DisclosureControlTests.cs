using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Tandem.Core.Indicators;

namespace Tandem.Core.Tests;

/// <summary>Random synthetic organisations: what leaves the server never singles anyone out.</summary>
public sealed class DisclosureControlTests
{
    /// <summary>A report: a few additive tables over the same events and one non-additive one, sharing some cells.</summary>
    private static Arbitrary<(int Minimum, IReadOnlyList<RawTable> Tables)> Reports() =>
        (from minimum in Gen.Choose(5, 10)
         from departments in Gen.Choose(1, 8)
         from counts in Gen.ArrayOf(Gen.Frequency((3, Gen.Choose(0, 4)), (2, Gen.Choose(5, 40)), (1, Gen.Choose(0, 2))), departments)
         from modalities in Gen.ArrayOf(Gen.Choose(0, 30), 3)
         from themes in Gen.ArrayOf(Gen.Choose(0, 12), 5)
         select (minimum, (IReadOnlyList<RawTable>)
         [
             Table("department", "requests", counts, true),
             Table("modality", "requests", modalities, true),
             Table("theme", "requests", themes, false),

             // A second table showing the same department cells (e.g. the "priority units" view).
             Table("department", "requests", counts, true),
         ])).ToArbitrary();

    private static RawTable Table(string dimension, string measure, int[] counts, bool additive) =>
        new(dimension, measure, counts.Select((c, i) => new RawCell($"{measure}|{dimension}|{i}", $"{dimension} {i}", c)).ToList(), counts.Sum(), additive);

    [Property(MaxTest = 500)]
    public Property NoPublishedCountIsBetweenOneAndTheMinimum() => Prop.ForAll(Reports(), report =>
        DisclosureControl.Apply(report.Tables, report.Minimum).SelectMany(t => t.Rows.Select(r => r.Count).Append(t.Total))
            .All(c => c is null or 0 || c >= report.Minimum));

    [Property(MaxTest = 500)]
    public Property NoSuppressedCellCanBeRecoveredFromAPublishedTotal() => Prop.ForAll(Reports(), report =>
        DisclosureControl.Apply(report.Tables, report.Minimum).Zip(report.Tables).Where(x => x.Second.Additive && x.First.Total is not null).All(x =>
        {
            // What a reader knows: the total, the published cells, and that a hidden cell is at least 1 (zeros are published).
            var hidden = x.First.Rows.Count(r => r.Suppressed);
            var remainder = x.First.Total!.Value - x.First.Rows.Where(r => !r.Suppressed).Sum(r => r.Count!.Value);
            return hidden == 0 ? remainder == 0 : hidden >= 2 && remainder - (hidden - 1) > 1;
        }));

    [Property(MaxTest = 300)]
    public Property ACellSuppressedInOneTableIsSuppressedInEveryTableShowingIt() => Prop.ForAll(Reports(), report =>
    {
        var published = DisclosureControl.Apply(report.Tables, report.Minimum).SelectMany(t => t.Rows).ToList();
        return published.GroupBy(r => r.Key).All(g => g.Select(r => r.Suppressed).Distinct().Count() == 1);
    });

    [Property(MaxTest = 200)]
    public Property TheSameInputAlwaysPublishesTheSameReport() => Prop.ForAll(Reports(), report =>
    {
        var first = DisclosureControl.Apply(report.Tables, report.Minimum);
        var second = DisclosureControl.Apply(report.Tables, report.Minimum);
        return first.Zip(second).All(x => x.First.Total == x.Second.Total && x.First.Rows.SequenceEqual(x.Second.Rows));
    });

    [Fact]
    public void ALoneSmallCell_TakesTheSmallestOtherWithIt()
    {
        var table = Table("department", "requests", [3, 12, 7, 20], true);
        var published = Assert.Single(DisclosureControl.Apply([table], 5));
        Assert.Equal([true, false, true, false], published.Rows.Select(r => r.Suppressed).ToArray());
        Assert.Equal(42, published.Total);
    }

    [Fact]
    public void TwoOnes_AreNotEnough_ASecondaryCellIsAdded()
    {
        var table = Table("department", "requests", [1, 1, 9, 30], true);
        var published = Assert.Single(DisclosureControl.Apply([table], 5));
        Assert.Equal([true, true, true, false], published.Rows.Select(r => r.Suppressed).ToArray());
    }

    [Fact]
    public void WhenNothingElseCanHide_TheTotalIsSuppressed()
    {
        var table = Table("modality", "requests", [2, 0, 0], true);
        var published = Assert.Single(DisclosureControl.Apply([table], 5));
        Assert.Null(published.Total);
        Assert.True(published.Rows[0].Suppressed);
        Assert.Equal(0, published.Rows[1].Count);
    }

    [Theory]
    [InlineData("2026-Q3", "2026-07-01", "2026-10-01")]
    [InlineData("2026-09", "2026-09-01", "2026-10-01")]
    [InlineData("2026", "2026-01-01", "2027-01-01")]
    public void Periods_AreMonthsQuartersOrYears(string code, string first, string end)
    {
        var period = ReportPeriod.Parse(code)!;
        Assert.Equal(first, period.First.ToString("yyyy-MM-dd", null));
        Assert.Equal(end, period.EndExclusive.ToString("yyyy-MM-dd", null));
    }

    [Theory]
    [InlineData("2026-Q5")]
    [InlineData("2026-13")]
    [InlineData("26-Q1")]
    [InlineData("2026-W12")]
    [InlineData("")]
    [InlineData(null)]
    public void Periods_RefuseAnythingElse(string? code) => Assert.Null(ReportPeriod.Parse(code));
}
