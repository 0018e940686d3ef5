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
public sealed class IndicatorReports(TandemDbContext db, Organisations.Organisations organisations, SchedulingSettings settings, AuditTrail audit, IClock clock)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static readonly string[] Changes = ["improved", "stable", "worse"];

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
        var (start, end) = (period.Start(settings.Zone), period.End(settings.Zone));
        var min = agreement.MinimumCell;
        var units = await db.OrganisationUnits.AsNoTracking().Where(u => u.OrganisationId == organisationId).ToListAsync(ct);
        var departments = DisclosureControl.DepartmentGrouping(
            units.Where(u => u.Kind == UnitKind.Department).ToDictionary(u => u.Id, u => (u.Name, u.Headcount)), min, "@Indicators.OtherDepartments");
        var jobFamilies = units.Where(u => u.Kind == UnitKind.JobFamily).ToDictionary(u => u.Id, u => u.Name);

        var requests = await db.Requests.AsNoTracking()
            .Where(r => r.OrganisationId == organisationId && r.CreatedAt >= start && r.CreatedAt < end)
            .Select(r => new { r.Id, r.DepartmentId, r.JobFamilyId, r.Modality, r.CreatedAt, Themes = r.Themes.Select(t => t.Code).ToList() })
            .ToListAsync(ct);
        var calls = await db.HotlineCalls.AsNoTracking()
            .Where(c => c.OrganisationId == organisationId && c.LoggedAt >= start && c.LoggedAt < end)
            .Select(c => new { c.DepartmentId, c.JobFamilyId, c.LoggedAt, Themes = c.Themes.Select(t => t.Code).ToList() })
            .ToListAsync(ct);
        // Joined from the organisation's requests (one index range), not filtered from everyone's interviews of the period.
        var records = await (
            from r in db.Requests.AsNoTracking()
            where r.OrganisationId == organisationId
            join x in db.InterviewRecords.AsNoTracking() on r.Id equals x.RequestId
            where x.Held && x.RecordedAt >= start && x.RecordedAt < end
            join a in db.Appointments.AsNoTracking() on x.AppointmentId equals a.Id
            select new
            {
                x.RecordedAt,
                x.NextStep,
                x.SignpostCategory,
                a.Kind,
                a.Start,
                RequestedAt = r.CreatedAt,
                Axes = x.Axes.Where(axis => axis.Level != AxisLevel.NotRaised).Select(axis => axis.Axis).ToList(),
            })
            .ToListAsync(ct);

        string Month(Instant at) => "@Month." + at.InZone(settings.Zone).Date.ToString("yyyy-MM", null);
        var tables = new List<RawTable>();
        var agreed = agreement.Tables.ToHashSet(StringComparer.Ordinal);

        RawTable Table(string dimension, string measure, IEnumerable<(string Key, string Label)> cells, IEnumerable<(string Key, string Label)> all, int total, bool additive)
        {
            var counts = cells.GroupBy(c => c.Key).ToDictionary(g => g.Key, g => (g.First().Label, Count: g.Count()));
            var rows = all.DistinctBy(a => a.Key).Select(a => new RawCell($"{measure}|{dimension}|{a.Key}", a.Label, counts.TryGetValue(a.Key, out var c) ? c.Count : 0))
                .Concat(counts.Where(c => !all.Any(a => a.Key == c.Key)).Select(c => new RawCell($"{measure}|{dimension}|{c.Key}", c.Value.Label, c.Value.Count)))
                .ToList();
            return new RawTable(dimension, measure, rows, total, additive);
        }

        (string, string) NotGiven() => ("none", "@Indicators.NotGiven");
        var months = period.Months().Select(m => ("@Month." + m.ToString("yyyy-MM", null), "@Month." + m.ToString("yyyy-MM", null))).ToList();
        var departmentRows = units.Where(u => u.Kind == UnitKind.Department).Select(u => departments(u.Id)!.Value).Append(NotGiven()).ToList();
        var jobRows = jobFamilies.Select(j => (j.Key.ToString("N"), j.Value)).Append(NotGiven()).ToList();
        var themeRows = Requests.Themes.All.Select(t => (t, "@Theme." + t)).ToList();
        var firsts = records.Where(r => r.Kind == AppointmentKind.First).ToList();
        var seconds = records.Where(r => r.Kind == AppointmentKind.Second).ToList();

        if (period.Kind != PeriodKind.Month && agreed.Contains(IndicatorDimensions.Period))
        {
            tables.Add(Table(IndicatorDimensions.Period, "requests", requests.Select(r => (Month(r.CreatedAt), Month(r.CreatedAt))), months, requests.Count, true));
            tables.Add(Table(IndicatorDimensions.Period, "calls", calls.Select(c => (Month(c.LoggedAt), Month(c.LoggedAt))), months, calls.Count, true));
            tables.Add(Table(IndicatorDimensions.Period, "first_interviews", firsts.Select(r => (Month(r.RecordedAt), Month(r.RecordedAt))), months, firsts.Count, true));
            tables.Add(Table(IndicatorDimensions.Period, "second_interviews", seconds.Select(r => (Month(r.RecordedAt), Month(r.RecordedAt))), months, seconds.Count, true));
        }

        if (agreed.Contains(IndicatorDimensions.Department))
        {
            tables.Add(Table(IndicatorDimensions.Department, "requests", requests.Select(r => departments(r.DepartmentId) ?? NotGiven()), departmentRows, requests.Count, true));
            tables.Add(Table(IndicatorDimensions.Department, "calls", calls.Select(c => departments(c.DepartmentId) ?? NotGiven()), departmentRows, calls.Count, true));
        }

        if (agreed.Contains(IndicatorDimensions.JobFamily))
        {
            (string, string) Job(Guid? id) => id is { } j && jobFamilies.TryGetValue(j, out var name) ? (j.ToString("N"), name) : NotGiven();
            tables.Add(Table(IndicatorDimensions.JobFamily, "requests", requests.Select(r => Job(r.JobFamilyId)), jobRows, requests.Count, true));
            tables.Add(Table(IndicatorDimensions.JobFamily, "calls", calls.Select(c => Job(c.JobFamilyId)), jobRows, calls.Count, true));
        }

        if (agreed.Contains(IndicatorDimensions.Modality))
        {
            var modalities = Enum.GetValues<Requests.Modality>().Select(m => (m.ToString(), "@Modality." + Snake(m.ToString()))).ToList();
            tables.Add(Table(IndicatorDimensions.Modality, "requests", requests.Select(r => (r.Modality.ToString(), "@Modality." + Snake(r.Modality.ToString()))), modalities, requests.Count, true));
        }

        if (agreed.Contains(IndicatorDimensions.Theme))
        {
            tables.Add(Table(IndicatorDimensions.Theme, "requests", requests.SelectMany(r => r.Themes).Select(t => (t, "@Theme." + t)), themeRows, requests.Count, false));
            tables.Add(Table(IndicatorDimensions.Theme, "calls", calls.SelectMany(c => c.Themes).Select(t => (t, "@Theme." + t)), themeRows, calls.Count, false));
        }

        if (agreed.Contains(IndicatorDimensions.RiskFactor))
        {
            tables.Add(Table(IndicatorDimensions.RiskFactor, "interviews", records.SelectMany(r => r.Axes).Select(a => (a, "@Axis." + a)),
                RiskFactors.All.Select(a => (a, "@Axis." + a)), records.Count, false));
            var signposted = records.Where(r => r.NextStep == NextStep.Signposting && r.SignpostCategory is not null).ToList();
            tables.Add(Table("signposting", "interviews", signposted.Select(r => (r.SignpostCategory!, "@OutsideSignpost." + r.SignpostCategory)),
                OutsideSignposts.All.Select(s => (s, "@OutsideSignpost." + s)), signposted.Count, true));
        }

        // Waiting time from the request to the first interview held, in buckets (counts, controlled like the rest).
        var waits = new[] { ("within_7_days", 0, 7), ("8_to_14_days", 8, 14), ("15_to_30_days", 15, 30), ("over_30_days", 31, int.MaxValue) };
        string Bucket(Duration wait) => waits.First(w => (int)Math.Ceiling(wait.TotalDays) <= w.Item3).Item1;
        tables.Add(Table("waiting_time", "first_interviews", firsts.Select(r => Bucket(r.Start - r.RequestedAt)).Select(b => (b, "@Indicators.Wait." + b)),
            waits.Select(w => (w.Item1, "@Indicators.Wait." + w.Item1)), firsts.Count, true));

        // WHO-5 three months on, against before the first interview: improved, stable or worse (a change of 3 raw points, about 10 %, or more).
        var followUps = await db.Who5Responses.AsNoTracking()
            .Where(w => w.Moment == Who5Moment.ThreeMonths && w.AnsweredAt >= start && w.AnsweredAt < end && db.Requests.Any(r => r.Id == w.RequestId && r.OrganisationId == organisationId))
            .Select(w => new { w.RawScore, Before = db.Who5Responses.Where(b => b.RequestId == w.RequestId && b.Moment == Who5Moment.BeforeFirst).Select(b => (int?)b.RawScore).FirstOrDefault() })
            .ToListAsync(ct);
        var changes = followUps.Where(f => f.Before is not null).Select(f => f.RawScore - f.Before!.Value)
            .Select(d => d >= 3 ? "improved" : d <= -3 ? "worse" : "stable").ToList();
        tables.Add(Table("wellbeing_change", "who5", changes.Select(c => (c, "@Indicators.Change." + c)),
            Changes.Select(c => (c, "@Indicators.Change." + c)), changes.Count, true));

        // Support-group and workshop attendances of people who came through the organisation, in the month the facilitator recorded them.
        var attendances = await db.GroupAttendances.AsNoTracking()
            .Where(a => a.Present && a.RecordedAt >= start && a.RecordedAt < end)
            .Join(db.GroupEnrolments, a => a.EnrolmentId, e => e.Id, (a, e) => new { a.RecordedAt, e.ActivityId, e.SpaceId })
            .Where(x => db.Requests.Any(r => r.SpaceId == x.SpaceId && r.OrganisationId == organisationId))
            .Join(db.GroupActivities, x => x.ActivityId, g => g.Id, (x, g) => new { x.RecordedAt, g.Kind })
            .ToListAsync(ct);
        var kinds = new[] { (Groups.ActivityKind.SupportGroup, "support_group"), (Groups.ActivityKind.Workshop, "workshop") };
        tables.Add(Table("activity", "attendances", attendances.Select(a => kinds.First(k => k.Item1 == a.Kind).Item2).Select(k => (k, "@Groups.Kind." + k)),
            kinds.Select(k => (k.Item2, "@Groups.Kind." + k.Item2)), attendances.Count, true));
        if (period.Kind != PeriodKind.Month && agreed.Contains(IndicatorDimensions.Period))
        {
            tables.Add(Table(IndicatorDimensions.Period, "attendances", attendances.Select(a => (Month(a.RecordedAt), Month(a.RecordedAt))), months, attendances.Count, true));
        }

        var events = requests.Count + calls.Count;
        var frozenAt = clock.GetCurrentInstant();
        return events < min
            ? new IndicatorReport(period.Code, true, min, [], null, frozenAt)
            : new IndicatorReport(period.Code, false, min, DisclosureControl.Apply(tables, min), events, frozenAt);
    }

    private static string Snake(string pascal) =>
        string.Concat(pascal.Select((c, i) => char.IsUpper(c) && i > 0 ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}
