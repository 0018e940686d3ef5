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
        var windows = practitioner.Windows.Where(w => w.Modality == query.Modality).ToList();
        for (var day = firstDay; day <= lastDay; day = day.PlusDays(1))
        {
            foreach (var window in windows)
            {
                if (window.Day == day.DayOfWeek)
                {
                    AddLocal(offered, day, window.Start, window.End, zone);
                }
            }
        }

        foreach (var opening in practitioner.Openings.Where(o => o.Modality == query.Modality && o.Date >= firstDay && o.Date <= lastDay))
        {
            AddLocal(offered, opening.Date, opening.Start, opening.End, zone);
        }

        var clipped = new List<Interval>(offered.Count);
        foreach (var interval in offered)
        {
            if (Clip(interval, query.From, query.To) is { } kept)
            {
                clipped.Add(kept);
            }
        }

        return Subtract(Merge(clipped), Merge(practitioner.Unavailable));
    }

    /// <summary>
    /// The slots of the period where two practitioners of different disciplines are both free;
    /// suited pairs first (by the rule given), then by start time, then by the two ids. Excluded
    /// pairs are never offered. Only the first <paramref name="limit"/> are built: the period is
    /// swept step by step, once for suited pairs and, when they are not enough, once for the
    /// others, so a long period with hundreds of practitioners costs what the first slots cost.
    /// </summary>
    public static IReadOnlyList<CandidateSlot> Find(
        IReadOnlyList<PractitionerAvailability> practitioners,
        SlotQuery query,
        DateTimeZone zone,
        Func<string, string, bool> suited,
        IReadOnlySet<(Guid, Guid)> excludedPairs,
        int limit = int.MaxValue) =>
        Find(practitioners, practitioners.Select(p => FreeIntervals(p, query, zone)).ToArray(), query, suited, excludedPairs, limit);

    /// <summary>The same, each practitioner's free time already known (<paramref name="free"/>, in the same order, within the period).</summary>
    public static IReadOnlyList<CandidateSlot> Find(
        IReadOnlyList<PractitionerAvailability> practitioners,
        IReadOnlyList<Interval>[] free,
        SlotQuery query,
        Func<string, string, bool> suited,
        IReadOnlySet<(Guid, Guid)> excludedPairs,
        int limit = int.MaxValue)
    {
        // Who may sit with whom, and whether the pair is suited: decided once per pair of discipline lists,
        // numbered, so the loop over every pair of practitioners compares numbers.
        var signatureIds = new Dictionary<string, int>(StringComparer.Ordinal);
        var representatives = new List<PractitionerAvailability>();
        var signatures = new int[practitioners.Count];
        for (var i = 0; i < practitioners.Count; i++)
        {
            var key = string.Join('|', practitioners[i].Disciplines);
            if (!signatureIds.TryGetValue(key, out signatures[i]))
            {
                signatures[i] = signatureIds[key] = representatives.Count;
                representatives.Add(practitioners[i]);
            }
        }

        // choices[x * count + y]: the disciplines two practitioners of signatures x and y sit as.
        var count = representatives.Count;
        var choices = new (string A, string B, bool Suited)?[count * count];
        for (var x = 0; x < count; x++)
        {
            for (var y = 0; y < count; y++)
            {
                choices[(x * count) + y] = ChooseDisciplines(representatives[x], representatives[y], suited);
            }
        }

        // The suited pairs first; the others are only listed when the suited ones do not fill the list.
        var slots = Sweep(practitioners, free, Pairs(suitedPairs: true), choices, query, suitedPairs: true, limit);
        if (slots.Count < limit)
        {
            slots.AddRange(Sweep(practitioners, free, Pairs(suitedPairs: false), choices, query, suitedPairs: false, limit - slots.Count));
        }

        return slots;

        // Each practitioner's later partners (by index) that both have free time, are not excluded, and are (or are not) suited.
        List<(int Other, int Choice)>[] Pairs(bool suitedPairs)
        {
            var pairs = new List<(int Other, int Choice)>[practitioners.Count];
            var checkExcluded = excludedPairs.Count > 0;
            for (var i = 0; i < practitioners.Count; i++)
            {
                pairs[i] = [];
                if (free[i].Count == 0)
                {
                    continue;
                }

                for (var j = i + 1; j < practitioners.Count; j++)
                {
                    var choice = (signatures[i] * count) + signatures[j];
                    if (free[j].Count == 0 || choices[choice] is not { } chosen || chosen.Suited != suitedPairs)
                    {
                        continue;
                    }

                    if (checkExcluded)
                    {
                        var (a, b) = (practitioners[i].PractitionerId, practitioners[j].PractitionerId);
                        if (excludedPairs.Contains((a, b)) || excludedPairs.Contains((b, a)))
                        {
                            continue;
                        }
                    }

                    pairs[i].Add((j, choice));
                }
            }

            return pairs;
        }
    }

    private static List<CandidateSlot> Sweep(
        IReadOnlyList<PractitionerAvailability> practitioners,
        IReadOnlyList<Interval>[] free,
        List<(int Other, int Choice)>[] pairs,
        (string A, string B, bool Suited)?[] choices,
        SlotQuery query,
        bool suitedPairs,
        int limit)
    {
        var slots = new List<CandidateSlot>();
        if (limit <= 0 || pairs.All(p => p.Count == 0))
        {
            return slots;
        }

        var cursor = new int[free.Length];
        var available = new bool[free.Length];
        var atThisStart = new List<CandidateSlot>();
        var stepTicks = query.Step.BclCompatibleTicks;
        var fromTicks = query.From.ToUnixTimeTicks();
        var first = fromTicks % stepTicks == 0 ? fromTicks : fromTicks + (stepTicks - (((fromTicks % stepTicks) + stepTicks) % stepTicks));
        for (var start = Instant.FromUnixTimeTicks(first); start + query.Length <= query.To && slots.Count < limit; start += query.Step)
        {
            var end = start + query.Length;
            for (var i = 0; i < free.Length; i++)
            {
                // The intervals are sorted and apart: one that ends too early never serves a later start either.
                var intervals = free[i];
                while (cursor[i] < intervals.Count && intervals[cursor[i]].End < end)
                {
                    cursor[i]++;
                }

                available[i] = cursor[i] < intervals.Count && intervals[cursor[i]].Start <= start;
            }

            atThisStart.Clear();
            for (var i = 0; i < free.Length; i++)
            {
                if (!available[i])
                {
                    continue;
                }

                foreach (var (j, choice) in pairs[i])
                {
                    if (available[j])
                    {
                        var (a, b, _) = choices[choice]!.Value;
                        atThisStart.Add(new CandidateSlot(start, end, practitioners[i].PractitionerId, a, practitioners[j].PractitionerId, b, suitedPairs));
                    }
                }
            }

            atThisStart.Sort((x, y) => x.First != y.First ? x.First.CompareTo(y.First) : x.Second.CompareTo(y.Second));
            slots.AddRange(atThisStart.Take(limit - slots.Count));
        }

        return slots;
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

    /// <summary>The part of sorted, apart intervals (as <see cref="FreeIntervals"/> returns them) within a period.</summary>
    public static IReadOnlyList<Interval> Within(IReadOnlyList<Interval> intervals, Instant from, Instant to)
    {
        // The first interval that ends after the period starts, found by halving.
        var (low, high) = (0, intervals.Count);
        while (low < high)
        {
            var middle = (low + high) / 2;
            (low, high) = intervals[middle].End <= from ? (middle + 1, high) : (low, middle);
        }

        var within = new List<Interval>();
        for (var i = low; i < intervals.Count && intervals[i].Start < to; i++)
        {
            if (Clip(intervals[i], from, to) is { } kept)
            {
                within.Add(kept);
            }
        }

        return within;
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

    /// <summary>Both lists sorted and apart (as <see cref="Merge"/> leaves them): one pass over each.</summary>
    internal static List<Interval> Subtract(IReadOnlyList<Interval> from, IReadOnlyList<Interval> remove)
    {
        var result = new List<Interval>();
        var first = 0;
        foreach (var interval in from)
        {
            var start = interval.Start;

            // Cuts that end before this interval starts end before every later one too.
            while (first < remove.Count && remove[first].End <= start)
            {
                first++;
            }

            for (var c = first; c < remove.Count && remove[c].Start < interval.End; c++)
            {
                var cut = remove[c];
                if (cut.End <= start)
                {
                    continue;
                }

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
}
