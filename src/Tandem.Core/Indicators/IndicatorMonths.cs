using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using Tandem.Core.Cases;
using Tandem.Core.Data;
using Tandem.Core.Organisations;
using Tandem.Core.Scheduling;

namespace Tandem.Core.Indicators;

/// <summary>
/// The raw counts of one organisation's closed month, before disclosure control, kept once
/// counted: keys are <c>measure</c> (a total) or <c>measure|dimension|key</c> (a cell, the key
/// being a code or a unit's id). They are never shown: a report adds up its months and applies
/// disclosure control to the sums. A closed month never changes (every event counts in the month
/// it arrived in), so a quarter or a year reads twelve small rows instead of its events.
/// </summary>
public sealed class IndicatorMonth
{
    public Guid OrganisationId { get; set; }

    /// <summary><c>yyyy-MM</c>.</summary>
    public required string Month { get; set; }

    public Instant CountedAt { get; set; }

    public required string Counts { get; set; }
}

/// <summary>The keys of a month's counts, shared by the counting and the report.</summary>
public static class CountKeys
{
    public const string NotGiven = "none";

    public const string Requests = "requests";
    public const string Calls = "calls";
    public const string FirstInterviews = "first_interviews";
    public const string SecondInterviews = "second_interviews";
    public const string Interviews = "interviews";
    public const string Signposted = "signposted";
    public const string Who5 = "who5";
    public const string Attendances = "attendances";

    public const string Signposting = "signposting";
    public const string WaitingTime = "waiting_time";
    public const string WellbeingChange = "wellbeing_change";
    public const string Activity = "activity";

    public static string Cell(string measure, string dimension, string key) => $"{measure}|{dimension}|{key}";

    public static string Unit(Guid? id) => id?.ToString("N") ?? NotGiven;

    /// <summary>Waiting time from the request to the first interview, by whole days begun.</summary>
    public static readonly IReadOnlyList<(string Bucket, int UpToDays)> Waits =
        [("within_7_days", 7), ("8_to_14_days", 14), ("15_to_30_days", 30), ("over_30_days", int.MaxValue)];

    public static string Wait(Duration wait) => Waits.First(w => (int)Math.Ceiling(wait.TotalDays) <= w.UpToDays).Bucket;

    /// <summary>WHO-5 three months on against before the first interview: a change of 3 raw points (about 10 %) or more.</summary>
    public static readonly IReadOnlyList<string> Changes = ["improved", "stable", "worse"];

    public static string Change(int difference) => difference >= 3 ? "improved" : difference <= -3 ? "worse" : "stable";

    public static readonly IReadOnlyList<(Groups.ActivityKind Kind, string Code)> Activities =
        [(Groups.ActivityKind.SupportGroup, "support_group"), (Groups.ActivityKind.Workshop, "workshop")];
}

/// <summary>
/// Counts an organisation's months from its events — requests, listening-line calls, interviews
/// recorded, WHO-5 follow-ups, group attendances — and keeps the closed ones, so that a report
/// counts each month's events once (issue 8: the largest organisation's year was 560 ms to
/// count from its events, and is a read of twelve rows once its months are kept).
/// </summary>
public sealed class IndicatorMonths(TandemDbContext db, SchedulingSettings settings, IClock clock)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The counts of each month of a closed period: the months kept are read, the others are counted in one pass and kept.</summary>
    public async Task<IReadOnlyDictionary<LocalDate, IReadOnlyDictionary<string, int>>> OfAsync(Guid organisationId, ReportPeriod period, CancellationToken ct = default)
    {
        var codes = period.Months().ToDictionary(Code);
        var wanted = codes.Keys.ToList();
        var kept = await db.IndicatorMonths.AsNoTracking()
            .Where(m => m.OrganisationId == organisationId && wanted.Contains(m.Month))
            .ToListAsync(ct);
        var months = kept.ToDictionary(m => codes[m.Month], m => (IReadOnlyDictionary<string, int>)JsonSerializer.Deserialize<Dictionary<string, int>>(m.Counts, Json)!);
        var missing = codes.Values.Where(m => !months.ContainsKey(m)).ToList();
        if (missing.Count == 0)
        {
            return months;
        }

        var now = clock.GetCurrentInstant();
        var counted = await CountAsync(organisationId, missing.Min(), missing.Max().PlusMonths(1), ct);
        foreach (var month in missing)
        {
            months[month] = counted[month];
            if (month.PlusMonths(1).AtStartOfDayInZone(settings.Zone).ToInstant() <= now)
            {
                db.IndicatorMonths.Add(new IndicatorMonth { OrganisationId = organisationId, Month = Code(month), CountedAt = now, Counts = JsonSerializer.Serialize(counted[month], Json) });
            }
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another instance kept them first: the counts of a closed month are the same whoever counts them.
        }
        finally
        {
            db.ChangeTracker.Clear();
        }

        return months;
    }

    /// <summary>Counts the month that closed last for every organisation whose indicators are agreed and which has not been counted yet.</summary>
    /// <param name="pause">Left between two organisations, so that the counting never competes for long with the people using the service.</param>
    /// <returns>The number of organisations counted.</returns>
    public async Task<int> KeepLastClosedMonthAsync(TimeSpan pause = default, CancellationToken ct = default)
    {
        var today = clock.GetCurrentInstant().InZone(settings.Zone).Date;
        var month = new LocalDate(today.Year, today.Month, 1).PlusMonths(-1);
        var code = Code(month);
        var organisations = await db.OnboardingSteps.AsNoTracking()
            .Where(s => s.Kind == OnboardingStepKind.IndicatorsAgreed && !db.IndicatorMonths.Any(m => m.OrganisationId == s.OrganisationId && m.Month == code))
            .Select(s => s.OrganisationId).Distinct().ToListAsync(ct);
        var period = ReportPeriod.Parse(code)!;
        foreach (var organisation in organisations)
        {
            await OfAsync(organisation, period, ct);
            if (pause > TimeSpan.Zero)
            {
                await Task.Delay(pause, ct);
            }
        }

        return organisations.Count;
    }

    public static string Code(LocalDate month) => month.ToString("yyyy-MM", null);

    /// <summary>Every month from <paramref name="first"/> to <paramref name="endExclusive"/>, counted from the events that arrived in it.</summary>
    private async Task<Dictionary<LocalDate, Dictionary<string, int>>> CountAsync(Guid organisationId, LocalDate first, LocalDate endExclusive, CancellationToken ct)
    {
        var zone = settings.Zone;
        var (start, end) = (first.AtStartOfDayInZone(zone).ToInstant(), endExclusive.AtStartOfDayInZone(zone).ToInstant());
        var counts = new Dictionary<LocalDate, Dictionary<string, int>>();
        for (var month = first; month < endExclusive; month = month.PlusMonths(1))
        {
            counts[month] = new Dictionary<string, int>(StringComparer.Ordinal);
        }

        void Add(Instant at, string key)
        {
            var date = at.InZone(zone).Date;
            var bucket = counts[new LocalDate(date.Year, date.Month, 1)];
            bucket[key] = bucket.GetValueOrDefault(key) + 1;
        }

        var requests = await db.Requests.AsNoTracking()
            .Where(r => r.OrganisationId == organisationId && r.CreatedAt >= start && r.CreatedAt < end)
            .Select(r => new { r.DepartmentId, r.JobFamilyId, r.Modality, r.CreatedAt, Themes = r.Themes.Select(t => t.Code).ToList() })
            .ToListAsync(ct);
        foreach (var r in requests)
        {
            Add(r.CreatedAt, CountKeys.Requests);
            Add(r.CreatedAt, CountKeys.Cell(CountKeys.Requests, IndicatorDimensions.Department, CountKeys.Unit(r.DepartmentId)));
            Add(r.CreatedAt, CountKeys.Cell(CountKeys.Requests, IndicatorDimensions.JobFamily, CountKeys.Unit(r.JobFamilyId)));
            Add(r.CreatedAt, CountKeys.Cell(CountKeys.Requests, IndicatorDimensions.Modality, r.Modality.ToString()));
            foreach (var theme in r.Themes)
            {
                Add(r.CreatedAt, CountKeys.Cell(CountKeys.Requests, IndicatorDimensions.Theme, theme));
            }
        }

        var calls = await db.HotlineCalls.AsNoTracking()
            .Where(c => c.OrganisationId == organisationId && c.LoggedAt >= start && c.LoggedAt < end)
            .Select(c => new { c.DepartmentId, c.JobFamilyId, c.LoggedAt, Themes = c.Themes.Select(t => t.Code).ToList() })
            .ToListAsync(ct);
        foreach (var c in calls)
        {
            Add(c.LoggedAt, CountKeys.Calls);
            Add(c.LoggedAt, CountKeys.Cell(CountKeys.Calls, IndicatorDimensions.Department, CountKeys.Unit(c.DepartmentId)));
            Add(c.LoggedAt, CountKeys.Cell(CountKeys.Calls, IndicatorDimensions.JobFamily, CountKeys.Unit(c.JobFamilyId)));
            foreach (var theme in c.Themes)
            {
                Add(c.LoggedAt, CountKeys.Cell(CountKeys.Calls, IndicatorDimensions.Theme, theme));
            }
        }

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
        foreach (var x in records)
        {
            Add(x.RecordedAt, CountKeys.Interviews);
            foreach (var axis in x.Axes)
            {
                Add(x.RecordedAt, CountKeys.Cell(CountKeys.Interviews, IndicatorDimensions.RiskFactor, axis));
            }

            if (x.NextStep == NextStep.Signposting && x.SignpostCategory is { } category)
            {
                Add(x.RecordedAt, CountKeys.Signposted);
                Add(x.RecordedAt, CountKeys.Cell(CountKeys.Interviews, CountKeys.Signposting, category));
            }

            if (x.Kind == AppointmentKind.First)
            {
                Add(x.RecordedAt, CountKeys.FirstInterviews);
                Add(x.RecordedAt, CountKeys.Cell(CountKeys.FirstInterviews, CountKeys.WaitingTime, CountKeys.Wait(x.Start - x.RequestedAt)));
            }
            else if (x.Kind == AppointmentKind.Second)
            {
                Add(x.RecordedAt, CountKeys.SecondInterviews);
            }
        }

        var followUps = await db.Who5Responses.AsNoTracking()
            .Where(w => w.Moment == Who5Moment.ThreeMonths && w.AnsweredAt >= start && w.AnsweredAt < end && db.Requests.Any(r => r.Id == w.RequestId && r.OrganisationId == organisationId))
            .Select(w => new { w.AnsweredAt, w.RawScore, Before = db.Who5Responses.Where(b => b.RequestId == w.RequestId && b.Moment == Who5Moment.BeforeFirst).Select(b => (int?)b.RawScore).FirstOrDefault() })
            .ToListAsync(ct);
        foreach (var f in followUps.Where(f => f.Before is not null))
        {
            Add(f.AnsweredAt, CountKeys.Who5);
            Add(f.AnsweredAt, CountKeys.Cell(CountKeys.Who5, CountKeys.WellbeingChange, CountKeys.Change(f.RawScore - f.Before!.Value)));
        }

        // Support-group and workshop attendances of people who came through the organisation, in the month the facilitator recorded them.
        var attendances = await db.GroupAttendances.AsNoTracking()
            .Where(a => a.Present && a.RecordedAt >= start && a.RecordedAt < end)
            .Join(db.GroupEnrolments, a => a.EnrolmentId, e => e.Id, (a, e) => new { a.RecordedAt, e.ActivityId, e.SpaceId })
            .Where(x => db.Requests.Any(r => r.SpaceId == x.SpaceId && r.OrganisationId == organisationId))
            .Join(db.GroupActivities, x => x.ActivityId, g => g.Id, (x, g) => new { x.RecordedAt, g.Kind })
            .ToListAsync(ct);
        foreach (var a in attendances)
        {
            Add(a.RecordedAt, CountKeys.Attendances);
            Add(a.RecordedAt, CountKeys.Cell(CountKeys.Attendances, CountKeys.Activity, CountKeys.Activities.First(k => k.Kind == a.Kind).Code));
        }

        return counts;
    }
}
