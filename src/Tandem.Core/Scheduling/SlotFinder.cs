using NodaTime;
using Tandem.Core.Requests;

namespace Tandem.Core.Scheduling;

/// <summary>A recurring weekly window in the service's time zone, for one modality.</summary>
public sealed record WeeklyWindow(IsoDayOfWeek Day, LocalTime Start, LocalTime End, Modality Modality);

/// <summary>A one-off opening on a given day, beside the weekly windows.</summary>
public sealed record Opening(LocalDate Date, LocalTime Start, LocalTime End, Modality Modality);

/// <summary>What one practitioner offers and where they are already taken (leave, appointments).</summary>
public sealed record PractitionerAvailability(
    Guid PractitionerId,
    IReadOnlyList<string> Disciplines,
    IReadOnlyList<WeeklyWindow> Windows,
    IReadOnlyList<Opening> Openings,
    IReadOnlyList<Interval> Unavailable);

/// <summary>The slots asked for: a period, the interview's length, a modality, and the step between start times.</summary>
public sealed record SlotQuery(Instant From, Instant To, Duration Length, Modality Modality, Duration Step);

/// <summary>A slot where two practitioners of two different disciplines are both free for the whole interview.</summary>
public sealed record CandidateSlot(Instant Start, Instant End, Guid First, string FirstDiscipline, Guid Second, string SecondDiscipline, bool Suited);

/// <summary>
/// Finds pair slots. All arithmetic is on instants: local windows are placed in the
/// service's zone day by day (a time skipped by a clock change moves forward, a repeated
/// one takes its first occurrence), so an interview always lasts its full length, even on
/// the days the clocks change.
/// </summary>
public static class SlotFinder
{
    /// <summary>When one practitioner is free, in the modality asked, within the period.</summary>
    public static IReadOnlyList<Interval> FreeIntervals(PractitionerAvailability practitioner, SlotQuery query, DateTimeZone zone)
    {
        var offered = new List<Interval>();
        var firstDay = query.From.InZone(zone).Date.PlusDays(-1);
        var lastDay = query.To.InZone(zone).Date.PlusDays(1);
        for (var day = firstDay; day <= lastDay; day = day.PlusDays(1))
        {
            foreach (var window in practitioner.Windows.Where(w => w.Day == day.DayOfWeek && w.Modality == query.Modality))
            {
                AddLocal(offered, day, window.Start, window.End, zone);
            }
        }

        foreach (var opening in practitioner.Openings.Where(o => o.Modality == query.Modality && o.Date >= firstDay && o.Date <= lastDay))
        {
            AddLocal(offered, opening.Date, opening.Start, opening.End, zone);
        }

        var clipped = Merge(offered.Select(i => Clip(i, query.From, query.To)).OfType<Interval>());
        return Subtract(clipped, Merge(practitioner.Unavailable));
    }

    /// <summary>
    /// Every slot of the period where two practitioners of different disciplines are both free;
    /// suited pairs first (by the rule given), then by start time. Excluded pairs are never offered.
    /// </summary>
    public static IReadOnlyList<CandidateSlot> Find(
        IReadOnlyList<PractitionerAvailability> practitioners,
        SlotQuery query,
        DateTimeZone zone,
        Func<string, string, bool> suited,
        IReadOnlySet<(Guid, Guid)> excludedPairs)
    {
        var free = practitioners.ToDictionary(p => p.PractitionerId, p => FreeIntervals(p, query, zone));
        var slots = new List<CandidateSlot>();
        for (var i = 0; i < practitioners.Count; i++)
        {
            for (var j = i + 1; j < practitioners.Count; j++)
            {
                var a = practitioners[i];
                var b = practitioners[j];
                if (excludedPairs.Contains((a.PractitionerId, b.PractitionerId)) || excludedPairs.Contains((b.PractitionerId, a.PractitionerId)))
                {
                    continue;
                }

                if (ChooseDisciplines(a, b, suited) is not { } disciplines)
                {
                    continue;
                }

                foreach (var common in Intersect(free[a.PractitionerId], free[b.PractitionerId]))
                {
                    foreach (var start in Starts(common, query))
                    {
                        slots.Add(new CandidateSlot(start, start + query.Length, a.PractitionerId, disciplines.A, b.PractitionerId, disciplines.B, disciplines.Suited));
                    }
                }
            }
        }

        return slots.OrderByDescending(s => s.Suited).ThenBy(s => s.Start).ThenBy(s => s.First).ThenBy(s => s.Second).ToList();
    }

    private static (string A, string B, bool Suited)? ChooseDisciplines(PractitionerAvailability a, PractitionerAvailability b, Func<string, string, bool> suited)
    {
        (string, string, bool)? any = null;
        foreach (var da in a.Disciplines)
        {
            foreach (var db in b.Disciplines.Where(db => !string.Equals(db, da, StringComparison.Ordinal)))
            {
                if (suited(da, db) || suited(db, da))
                {
                    return (da, db, true);
                }

                any ??= (da, db, false);
            }
        }

        return any;
    }

    private static IEnumerable<Instant> Starts(Interval free, SlotQuery query)
    {
        var stepTicks = query.Step.BclCompatibleTicks;
        var ticks = free.Start.ToUnixTimeTicks();
        var aligned = ticks % stepTicks == 0 ? ticks : ticks + (stepTicks - (((ticks % stepTicks) + stepTicks) % stepTicks));
        for (var start = Instant.FromUnixTimeTicks(aligned); start + query.Length <= free.End; start += query.Step)
        {
            yield return start;
        }
    }

    private static void AddLocal(List<Interval> into, LocalDate day, LocalTime start, LocalTime end, DateTimeZone zone)
    {
        if (end <= start)
        {
            return;
        }

        var from = day.At(start).InZoneLeniently(zone).ToInstant();
        var to = day.At(end).InZoneLeniently(zone).ToInstant();
        if (to > from)
        {
            into.Add(new Interval(from, to));
        }
    }

    private static Interval? Clip(Interval interval, Instant from, Instant to)
    {
        var start = interval.Start < from ? from : interval.Start;
        var end = interval.End > to ? to : interval.End;
        return end > start ? new Interval(start, end) : null;
    }

    internal static List<Interval> Merge(IEnumerable<Interval> intervals)
    {
        var merged = new List<Interval>();
        foreach (var interval in intervals.OrderBy(i => i.Start))
        {
            if (merged.Count > 0 && interval.Start <= merged[^1].End)
            {
                var last = merged[^1];
                merged[^1] = new Interval(last.Start, interval.End > last.End ? interval.End : last.End);
            }
            else
            {
                merged.Add(interval);
            }
        }

        return merged;
    }

    internal static List<Interval> Subtract(IReadOnlyList<Interval> from, IReadOnlyList<Interval> remove)
    {
        var result = new List<Interval>();
        foreach (var interval in from)
        {
            var start = interval.Start;
            foreach (var cut in remove.Where(r => r.End > start && r.Start < interval.End))
            {
                if (cut.Start > start)
                {
                    result.Add(new Interval(start, cut.Start));
                }

                start = cut.End > start ? cut.End : start;
            }

            if (start < interval.End)
            {
                result.Add(new Interval(start, interval.End));
            }
        }

        return result;
    }

    internal static List<Interval> Intersect(IReadOnlyList<Interval> a, IReadOnlyList<Interval> b)
    {
        var result = new List<Interval>();
        int i = 0, j = 0;
        while (i < a.Count && j < b.Count)
        {
            var start = a[i].Start > b[j].Start ? a[i].Start : b[j].Start;
            var end = a[i].End < b[j].End ? a[i].End : b[j].End;
            if (end > start)
            {
                result.Add(new Interval(start, end));
            }

            if (a[i].End < b[j].End)
            {
                i++;
            }
            else
            {
                j++;
            }
        }

        return result;
    }
}
