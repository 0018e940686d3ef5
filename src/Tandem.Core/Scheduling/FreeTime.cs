using System.Collections.Concurrent;
using NodaTime;
using Tandem.Core.Data;
using Tandem.Core.Requests;

namespace Tandem.Core.Scheduling;

/// <summary>
/// Every practitioner's free time, kept between slot searches (issue 8): reading every
/// practitioner's windows and eight weeks of bookings for each search cost most of its time. One
/// copy per modality covers the period any search may ask (from now to the furthest interview the
/// rules allow). A change made through this instance is seen by the next search: what changed is
/// marked when its transaction commits (<see cref="FreeTimeChanges"/>) and only those practitioners
/// are read again. A change made elsewhere (another instance, a job, by hand) is seen within
/// <see cref="SchedulingSettings.FreeTimeSeconds"/>, when the copy is read again whole. The list
/// offered is a proposal either way: booking checks its slot against the database, never
/// against this copy, and the database refuses a double booking.
/// </summary>
public sealed class FreeTimeCache(SchedulingSettings settings, IClock clock)
{
    private readonly ConcurrentDictionary<Modality, Kept> _kept = new();

    /// <summary>Those practitioners' time changed (committed): the next search reads them again.</summary>
    public void Changed(IReadOnlyCollection<Guid> practitioners)
    {
        foreach (var kept in _kept.Values)
        {
            kept.Mark(practitioners);
        }
    }

    /// <summary>Something changed that cannot be traced to practitioners: the next search reads everyone again.</summary>
    public void ChangedAll()
    {
        foreach (var kept in _kept.Values)
        {
            kept.MarkAll();
        }
    }

    /// <returns>Every practitioner's schedule with their free time within the period; null when the period is beyond what is kept (the caller reads the database).</returns>
    internal async Task<List<(PractitionerSchedule Schedule, IReadOnlyList<Interval> Free)>?> WithinAsync(
        TandemDbContext db, Modality modality, Instant from, Instant to, CancellationToken ct)
    {
        var now = clock.GetCurrentInstant();
        var (keptFrom, keptTo) = Horizon(now);
        if (from < keptFrom || to > keptTo)
        {
            return null;
        }

        var kept = _kept.GetOrAdd(modality, _ => new Kept());
        if (kept.Current is not { } copy || !Usable(copy, from, to, now) || kept.HasMarks)
        {
            await kept.Gate.WaitAsync(ct);
            try
            {
                copy = await RefreshAsync(db, kept, modality, from, to, now, ct);
            }
            finally
            {
                kept.Gate.Release();
            }
        }

        return copy.Practitioners.Values.Select(p => (p.Schedule, SlotFinder.Overlapping(p.Free, from, to))).ToList();
    }

    private async Task<Copy> RefreshAsync(TandemDbContext db, Kept kept, Modality modality, Instant from, Instant to, Instant now, CancellationToken ct)
    {
        // Marks are taken before reading: one made while reading stays for the next search.
        var (marked, all) = kept.TakeMarks();
        var copy = kept.Current;
        if (all || !Usable(copy, from, to, now))
        {
            var (keptFrom, keptTo) = Horizon(now);
            copy = new Copy(keptFrom, keptTo, now, await ReadAsync(db, modality, keptFrom, keptTo, null, ct));
        }
        else if (marked.Count > 0)
        {
            var practitioners = new Dictionary<Guid, (PractitionerSchedule, Interval[])>(copy!.Practitioners);
            foreach (var id in marked)
            {
                practitioners.Remove(id);
            }

            foreach (var (id, read) in await ReadAsync(db, modality, copy.From, copy.To, marked, ct))
            {
                practitioners[id] = read;
            }

            copy = copy with { Practitioners = practitioners };
        }

        kept.Current = copy;
        return copy!;
    }

    private async Task<Dictionary<Guid, (PractitionerSchedule Schedule, Interval[] Free)>> ReadAsync(
        TandemDbContext db, Modality modality, Instant from, Instant to, IReadOnlyCollection<Guid>? only, CancellationToken ct)
    {
        var period = new SlotQuery(from, to, Duration.Zero, modality, Duration.Zero);
        var schedules = await RequestSlots.SchedulesAsync(db, modality, from, to, null, only, ct);
        return schedules.ToDictionary(s => s.Availability.PractitionerId, s => (s, SlotFinder.FreeIntervals(s.Availability, period, settings.Zone).ToArray()));
    }

    private bool Usable(Copy? copy, Instant from, Instant to, Instant now) =>
        copy is not null && copy.From <= from && to <= copy.To && now - copy.ReadAt < Duration.FromSeconds(settings.FreeTimeSeconds) && now >= copy.ReadAt;

    /// <summary>The period kept: from a day ago to a day past the furthest interview the rules allow.</summary>
    private (Instant From, Instant To) Horizon(Instant now) =>
        (now - Duration.FromDays(1), now + Duration.FromDays(Math.Max(7 * settings.WeeksAhead, settings.SecondInterviewToDays) + 1));

    private sealed record Copy(Instant From, Instant To, Instant ReadAt, IReadOnlyDictionary<Guid, (PractitionerSchedule Schedule, Interval[] Free)> Practitioners);

    /// <summary>The copy of one modality, the marks made since it was read, and the gate that lets one search at a time read again.</summary>
    private sealed class Kept
    {
        private readonly Lock _lock = new();
        private HashSet<Guid> _marked = [];
        private bool _all;

        private volatile Copy? _current;

        public SemaphoreSlim Gate { get; } = new(1, 1);

        public Copy? Current
        {
            get => _current;
            set => _current = value;
        }

        public bool HasMarks
        {
            get
            {
                lock (_lock)
                {
                    return _all || _marked.Count > 0;
                }
            }
        }

        public void Mark(IEnumerable<Guid> ids)
        {
            lock (_lock)
            {
                _marked.UnionWith(ids);
            }
        }

        public void MarkAll()
        {
            lock (_lock)
            {
                _all = true;
            }
        }

        public (HashSet<Guid> Marked, bool All) TakeMarks()
        {
            lock (_lock)
            {
                var taken = (_marked, _all);
                (_marked, _all) = ([], false);
                return taken;
            }
        }
    }
}
