using NodaTime;
using Tandem.Core.Requests;

namespace Tandem.Core.Scheduling;

/// <summary>
/// A recurring weekly window in the service's time zone, for one modality; with its place and how
/// to get in when read for a booking (slot search needs neither).
/// </summary>
public sealed record WeeklyWindow(IsoDayOfWeek Day, LocalTime Start, LocalTime End, Modality Modality, string? Place = null, string? Access = null);

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

    /// <summary>
    /// The same, each practitioner's free time already known (<paramref name="free"/>, in the same
    /// order, within the period). In a pair, the first is the practitioner with the lower id.
    /// </summary>
    public static IReadOnlyList<CandidateSlot> Find(
        IReadOnlyList<PractitionerAvailability> practitioners,
        IReadOnlyList<Interval>[] free,
        SlotQuery query,
        Func<string, string, bool> suited,
        IReadOnlySet<(Guid, Guid)> excludedPairs,
        int limit = int.MaxValue)
    {
        // In id order, so the pairs met in index order at one start are already in the order offered.
        var order = Enumerable.Range(0, practitioners.Count).OrderBy(i => practitioners[i].PractitionerId).ToArray();
        var team = new Team(order.Select(i => practitioners[i]).ToArray(), order.Select(i => free[i]).ToArray(), suited);

        // The suited pairs first; the others are only listed when the suited ones do not fill the list.
        var slots = new List<CandidateSlot>(Math.Min(limit, 256));
        Sweep(team, query, excludedPairs, suitedPairs: true, limit, slots);
        Sweep(team, query, excludedPairs, suitedPairs: false, limit, slots);
        return slots;
    }

    /// <summary>
    /// Adds to <paramref name="slots"/>, up to <paramref name="limit"/>, the slots of the suited (or
    /// not suited) pairs, start by start; at one start, by the first's id then the second's. Nothing
    /// is built for the pairs beyond the limit.
    /// </summary>
    private static void Sweep(Team team, SlotQuery query, IReadOnlySet<(Guid, Guid)> excludedPairs, bool suitedPairs, int limit, List<CandidateSlot> slots)
    {
        if (slots.Count >= limit || !team.HasAnyPair(suitedPairs))
        {
            return;
        }

        var people = team.People;
        var free = team.Free;
        var checkExcluded = excludedPairs.Count > 0;
        var cursor = new int[free.Length];
        var available = new int[free.Length];
        var stepTicks = query.Step.BclCompatibleTicks;
        var fromTicks = query.From.ToUnixTimeTicks();
        var firstStart = fromTicks % stepTicks == 0 ? fromTicks : fromTicks + (stepTicks - (((fromTicks % stepTicks) + stepTicks) % stepTicks));
        for (var start = Instant.FromUnixTimeTicks(firstStart); start + query.Length <= query.To; start += query.Step)
        {
            var end = start + query.Length;
            var count = 0;
            for (var i = 0; i < free.Length; i++)
            {
                // The intervals are sorted and apart: one that ends too early never serves a later start either.
                var intervals = free[i].AsSpan();
                while (cursor[i] < intervals.Length && intervals[cursor[i]].End < end)
                {
                    cursor[i]++;
                }

                if (cursor[i] < intervals.Length && intervals[cursor[i]].Start <= start)
                {
                    available[count++] = i;
                }
            }

            for (var a = 0; a < count; a++)
            {
                var i = available[a];
                var row = team.Signatures[i] * team.Count;
                for (var b = a + 1; b < count; b++)
                {
                    var j = available[b];
                    if (team.Choices[row + team.Signatures[j]] is not { } chosen || chosen.Suited != suitedPairs)
                    {
                        continue;
                    }

                    var (first, second) = (people[i].PractitionerId, people[j].PractitionerId);
                    if (checkExcluded && (excludedPairs.Contains((first, second)) || excludedPairs.Contains((second, first))))
                    {
                        continue;
                    }

                    slots.Add(new CandidateSlot(start, end, first, chosen.A, second, chosen.B, suitedPairs));
                    if (slots.Count >= limit)
                    {
                        return;
                    }
                }
            }
        }
    }

    /// <summary>The practitioners of one search in id order, with their free time, discipline lists numbered, and the choices per pair of lists.</summary>
    private sealed class Team
    {
        public Team(PractitionerAvailability[] people, IReadOnlyList<Interval>[] free, Func<string, string, bool> suited)
        {
            // Each one's free time as a segment of an array: the sweep reads it at every step, and read through
            // IReadOnlyList each read was an interface call (a quarter of a search's processor time in a profile).
            (People, Free, Signatures) = (people, Array.ConvertAll(free, AsSegment), new int[people.Length]);

            // Who may sit with whom, and whether the pair is suited: decided once per pair of discipline lists,
            // numbered, so the loop over pairs of practitioners compares numbers.
            var signatureIds = new Dictionary<string, int>(StringComparer.Ordinal);
            var representatives = new List<PractitionerAvailability>();
            for (var i = 0; i < people.Length; i++)
            {
                var key = string.Join('|', people[i].Disciplines);
                if (!signatureIds.TryGetValue(key, out Signatures[i]))
                {
                    Signatures[i] = signatureIds[key] = representatives.Count;
                    representatives.Add(people[i]);
                }
            }

            // Choices[x * Count + y]: the disciplines two practitioners of signatures x and y sit as.
            Count = representatives.Count;
            Choices = new (string A, string B, bool Suited)?[Count * Count];
            for (var x = 0; x < Count; x++)
            {
                for (var y = 0; y < Count; y++)
                {
                    Choices[(x * Count) + y] = ChooseDisciplines(representatives[x], representatives[y], suited);
                }
            }
        }

        public PractitionerAvailability[] People { get; }

        public ArraySegment<Interval>[] Free { get; }

        public int[] Signatures { get; }

        public int Count { get; }

        public (string A, string B, bool Suited)?[] Choices { get; }

        private static ArraySegment<Interval> AsSegment(IReadOnlyList<Interval> intervals) => intervals switch
        {
            ArraySegment<Interval> segment => segment,
            Interval[] array => new ArraySegment<Interval>(array),
            _ => new ArraySegment<Interval>(intervals.ToArray()),
        };

        /// <summary>Whether two practitioners with free time could sit together as a suited (or not suited) pair; exclusions aside.</summary>
        public bool HasAnyPair(bool suitedPairs)
        {
            var withFreeTime = new int[Count];
            for (var i = 0; i < People.Length; i++)
            {
                if (Free[i].Count > 0)
                {
                    withFreeTime[Signatures[i]]++;
                }
            }

            for (var x = 0; x < Count; x++)
            {
                for (var y = 0; y < Count; y++)
                {
                    var enough = x == y ? withFreeTime[x] >= 2 : withFreeTime[x] > 0 && withFreeTime[y] > 0;
                    if (enough && Choices[(x * Count) + y] is { } chosen && chosen.Suited == suitedPairs)
                    {
                        return true;
                    }
                }
            }

            return false;
        }
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

    /// <summary>
    /// The intervals of sorted, apart intervals (as <see cref="FreeIntervals"/> returns them) that
    /// overlap a period, as they are — the first may start before it, the last end after it, which
    /// changes no slot of the period — and without copying them: searches read them by the hundred.
    /// </summary>
    public static IReadOnlyList<Interval> Overlapping(Interval[] intervals, Instant from, Instant to)
    {
        // The first interval that ends after the period starts, then the first that starts at or after its end, found by halving.
        var (low, high) = (0, intervals.Length);
        while (low < high)
        {
            var middle = (low + high) / 2;
            (low, high) = intervals[middle].End > from ? (low, middle) : (middle + 1, high);
        }

        var first = low;
        high = intervals.Length;
        while (low < high)
        {
            var middle = (low + high) / 2;
            (low, high) = intervals[middle].Start >= to ? (low, middle) : (middle + 1, high);
        }

        return new ArraySegment<Interval>(intervals, first, low - first);
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
