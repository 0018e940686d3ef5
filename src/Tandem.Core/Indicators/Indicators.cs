using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using Tandem.Core.Cases;
using Tandem.Core.Common;
using Tandem.Core.Data;
using Tandem.Core.Organisations;
using Tandem.Core.Scheduling;
using Tandem.Core.Security.Audit;

namespace Tandem.Core.Indicators;

/// <summary>
/// The report of one closed period, after disclosure control. Labels starting with <c>@</c> are
/// resource keys (themes, modalities, axes, months…), localised when shown; others are names
/// (departments, job families) as they were when the period was frozen.
/// </summary>
public sealed record IndicatorReport(string Period, bool Withheld, int MinimumCell, IReadOnlyList<PublishedTable> Tables, int? Total, Instant FrozenAt);

/// <summary>A period's report as first computed, kept so every later read is identical.</summary>
public sealed class IndicatorSnapshot
{
    public Guid OrganisationId { get; set; }

    public required string Period { get; set; }

    public Instant FrozenAt { get; set; }

    public required string Content { get; set; }
}

public static class IndicatorMessages
{
    public const string PeriodInvalid = "Error.PeriodInvalid";
    public const string PeriodOpen = "Error.PeriodOpen";
    public const string NotAgreed = "Error.IndicatorsNotAgreed";
}

/// <summary>
/// Counts for an organisation and a closed period — requests, interviews, listening-line calls,
/// signposting, themes, the six risk axes — each table with one dimension, under disclosure
/// control, frozen at first report. Every event counts in the period it arrived in (request
/// created, call logged, interview recorded), so later records never change a frozen period.
/// </summary>
public sealed class IndicatorReports(TandemDbContext db, Organisations.Organisations organisations, IndicatorMonths monthCounts, SchedulingSettings settings, AuditTrail audit, IClock clock)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<Outcome<IndicatorReport>> ReportAsync(Guid userId, Guid organisationId, string? periodCode, CancellationToken ct = default)
    {
        if (!await organisations.MaySeeAsync(userId, organisationId, ct))
        {
            return Outcome<IndicatorReport>.Fail(OutcomeStatus.NotFound, Messages.NotFound);
        }

        if (ReportPeriod.Parse(periodCode) is not { } period)
        {
            return Outcome<IndicatorReport>.Invalid("period", IndicatorMessages.PeriodInvalid);
        }

        if (!period.IsClosed(clock.GetCurrentInstant(), settings.Zone))
        {
            return Outcome<IndicatorReport>.Fail(OutcomeStatus.Conflict, IndicatorMessages.PeriodOpen);
        }

        var steps = await db.OnboardingSteps.AsNoTracking().Where(s => s.OrganisationId == organisationId).ToListAsync(ct);
        if (Organisations.Organisations.Agreement(steps) is not { } agreement)
        {
            return Outcome<IndicatorReport>.Fail(OutcomeStatus.Conflict, IndicatorMessages.NotAgreed);
        }

        var frozen = await db.IndicatorSnapshots.AsNoTracking().FirstOrDefaultAsync(s => s.OrganisationId == organisationId && s.Period == period.Code, ct);
        if (frozen is null)
        {
            var report = await ComputeAsync(organisationId, period, agreement, ct);
            db.IndicatorSnapshots.Add(new IndicatorSnapshot { OrganisationId = organisationId, Period = period.Code, FrozenAt = report.FrozenAt, Content = JsonSerializer.Serialize(report, Json) });
            try
            {
                await db.SaveChangesAsync(ct);
                await audit.AppendAsync(AuditTrail.Staff(userId), "indicators.frozen", organisationId.ToString(), new Dictionary<string, string?> { ["period"] = period.Code }, ct);
            }
            catch (DbUpdateException)
            {
                // Another instance froze it first: its figures are the ones.
                db.ChangeTracker.Clear();
            }

            frozen = await db.IndicatorSnapshots.AsNoTracking().FirstAsync(s => s.OrganisationId == organisationId && s.Period == period.Code, ct);
        }

        return Outcome<IndicatorReport>.Ok(JsonSerializer.Deserialize<IndicatorReport>(frozen.Content, Json)!);
    }

    /// <summary>The periods a contact may ask for: the closed months, quarters and years since the organisation was created (newest first).</summary>
    public IReadOnlyList<string> ClosedPeriods(Instant since)
    {
        var now = clock.GetCurrentInstant();
        var zone = settings.Zone;
        var first = since.InZone(zone).Date;
        var today = now.InZone(zone).Date;
        var periods = new List<string>();
        for (var year = today.Year; year >= first.Year && periods.Count < 40; year--)
        {
            periods.AddRange(new[] { $"{year}", $"{year}-Q4", $"{year}-Q3", $"{year}-Q2", $"{year}-Q1" }
                .Concat(Enumerable.Range(1, 12).Reverse().Select(m => $"{year}-{m:00}"))
                .Where(c => ReportPeriod.Parse(c) is { } p && p.IsClosed(now, zone) && p.EndExclusive > first));
        }

        return periods;
    }

    private async Task<IndicatorReport> ComputeAsync(Guid organisationId, ReportPeriod period, IndicatorsAgreement agreement, CancellationToken ct)
    {
        var min = agreement.MinimumCell;
        var units = await db.OrganisationUnits.AsNoTracking().Where(u => u.OrganisationId == organisationId).ToListAsync(ct);
        var months = await monthCounts.OfAsync(organisationId, period, ct);
        var sums = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (key, count) in months.Values.SelectMany(m => m))
        {
            sums[key] = sums.GetValueOrDefault(key) + count;
        }

        int Total(string measure) => sums.GetValueOrDefault(measure);
        var departments = DisclosureControl.DepartmentGrouping(
            units.Where(u => u.Kind == UnitKind.Department).ToDictionary(u => u.Id, u => (u.Name, u.Headcount)), min, "@Indicators.OtherDepartments");
        var jobFamilies = units.Where(u => u.Kind == UnitKind.JobFamily).ToDictionary(u => u.Id, u => u.Name);
        (string, string) notGiven = (CountKeys.NotGiven, "@Indicators.NotGiven");
        (string Key, string Label) Department(string raw) => Guid.TryParseExact(raw, "N", out var id) ? departments(id) ?? notGiven : notGiven;
        (string Key, string Label) JobFamily(string raw) => Guid.TryParseExact(raw, "N", out var id) && jobFamilies.TryGetValue(id, out var name) ? (raw, name) : notGiven;
        Func<string, (string Key, string Label)> Labelled(string prefix) => raw => (raw, prefix + raw);

        // A table of one measure by one dimension: the rows listed first (in their order, zeros included), then any other key counted.
        RawTable Table(string dimension, string measure, IEnumerable<string> listed, Func<string, (string Key, string Label)> label, int total, bool additive)
        {
            var prefix = CountKeys.Cell(measure, dimension, string.Empty);
            var raws = listed.Concat(sums.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).Select(k => k[prefix.Length..]).Order(StringComparer.Ordinal));
            return Cells(dimension, measure, raws.Distinct().Select(raw => (label(raw), sums.GetValueOrDefault(prefix + raw))), total, additive);
        }

        static RawTable Cells(string dimension, string measure, IEnumerable<((string Key, string Label) Cell, int Count)> cells, int total, bool additive)
        {
            var rows = new List<RawCell>();
            foreach (var ((key, label), count) in cells)
            {
                var cellKey = CountKeys.Cell(measure, dimension, key);
                var at = rows.FindIndex(r => r.Key == cellKey);
                if (at < 0)
                {
                    rows.Add(new RawCell(cellKey, label, count));
                }
                else
                {
                    rows[at] = rows[at] with { Count = rows[at].Count + count };
                }
            }

            return new RawTable(dimension, measure, rows, total, additive);
        }

        RawTable ByMonth(string measure) => Cells(IndicatorDimensions.Period, measure,
            months.OrderBy(m => m.Key).Select(m => (("@Month." + IndicatorMonths.Code(m.Key), "@Month." + IndicatorMonths.Code(m.Key)), m.Value.GetValueOrDefault(measure))), Total(measure), true);

        var tables = new List<RawTable>();
        var agreed = agreement.Tables.ToHashSet(StringComparer.Ordinal);
        var byPeriod = period.Kind != PeriodKind.Month && agreed.Contains(IndicatorDimensions.Period);
        if (byPeriod)
        {
            tables.AddRange([ByMonth(CountKeys.Requests), ByMonth(CountKeys.Calls), ByMonth(CountKeys.FirstInterviews), ByMonth(CountKeys.SecondInterviews)]);
        }

        var departmentKeys = units.Where(u => u.Kind == UnitKind.Department).Select(u => CountKeys.Unit(u.Id)).Append(CountKeys.NotGiven).ToList();
        if (agreed.Contains(IndicatorDimensions.Department))
        {
            tables.Add(Table(IndicatorDimensions.Department, CountKeys.Requests, departmentKeys, Department, Total(CountKeys.Requests), true));
            tables.Add(Table(IndicatorDimensions.Department, CountKeys.Calls, departmentKeys, Department, Total(CountKeys.Calls), true));
        }

        if (agreed.Contains(IndicatorDimensions.JobFamily))
        {
            var jobKeys = jobFamilies.Keys.Select(id => CountKeys.Unit(id)).Append(CountKeys.NotGiven).ToList();
            tables.Add(Table(IndicatorDimensions.JobFamily, CountKeys.Requests, jobKeys, JobFamily, Total(CountKeys.Requests), true));
            tables.Add(Table(IndicatorDimensions.JobFamily, CountKeys.Calls, jobKeys, JobFamily, Total(CountKeys.Calls), true));
        }

        if (agreed.Contains(IndicatorDimensions.Modality))
        {
            tables.Add(Table(IndicatorDimensions.Modality, CountKeys.Requests, Enum.GetNames<Requests.Modality>(), raw => (raw, "@Modality." + Snake(raw)), Total(CountKeys.Requests), true));
        }

        if (agreed.Contains(IndicatorDimensions.Theme))
        {
            tables.Add(Table(IndicatorDimensions.Theme, CountKeys.Requests, Requests.Themes.All, Labelled("@Theme."), Total(CountKeys.Requests), false));
            tables.Add(Table(IndicatorDimensions.Theme, CountKeys.Calls, Requests.Themes.All, Labelled("@Theme."), Total(CountKeys.Calls), false));
        }

        if (agreed.Contains(IndicatorDimensions.RiskFactor))
        {
            tables.Add(Table(IndicatorDimensions.RiskFactor, CountKeys.Interviews, RiskFactors.All, Labelled("@Axis."), Total(CountKeys.Interviews), false));
            tables.Add(Table(CountKeys.Signposting, CountKeys.Interviews, OutsideSignposts.All, Labelled("@OutsideSignpost."), Total(CountKeys.Signposted), true));
        }

        // Waiting time from the request to the first interview held, in buckets (counts, controlled like the rest).
        tables.Add(Table(CountKeys.WaitingTime, CountKeys.FirstInterviews, CountKeys.Waits.Select(w => w.Bucket), Labelled("@Indicators.Wait."), Total(CountKeys.FirstInterviews), true));

        // WHO-5 three months on, against before the first interview.
        tables.Add(Table(CountKeys.WellbeingChange, CountKeys.Who5, CountKeys.Changes, Labelled("@Indicators.Change."), Total(CountKeys.Who5), true));

        // Support-group and workshop attendances of people who came through the organisation, in the month the facilitator recorded them.
        tables.Add(Table(CountKeys.Activity, CountKeys.Attendances, CountKeys.Activities.Select(a => a.Code), Labelled("@Groups.Kind."), Total(CountKeys.Attendances), true));
        if (byPeriod)
        {
            tables.Add(ByMonth(CountKeys.Attendances));
        }

        var events = Total(CountKeys.Requests) + Total(CountKeys.Calls);
        var frozenAt = clock.GetCurrentInstant();
        return events < min
            ? new IndicatorReport(period.Code, true, min, [], null, frozenAt)
            : new IndicatorReport(period.Code, false, min, DisclosureControl.Apply(tables, min), events, frozenAt);
    }

    private static string Snake(string pascal) =>
        string.Concat(pascal.Select((c, i) => char.IsUpper(c) && i > 0 ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}
