using NodaTime;
using Tandem.Core.Data;
using Tandem.Core.Requests;

namespace Tandem.Core.Scheduling;

/// <summary>
/// Every practitioner's free time, kept between slot searches (issue 8): reading every
/// practitioner's windows and eight weeks of bookings for each search cost most of its time. One
/// copy covers the period any search may ask (from now to the furthest interview the rules allow),
/// with each practitioner's free time in every modality: their bookings and leave, the bulk of what
/// is read, are the same whatever the modality, so they are read once, not once per modality. A
/// change made through this instance is seen by the next search: what changed is marked when its
/// transaction commits (<see cref="FreeTimeChanges"/>) and only those practitioners are read
/// again. A change made on another instance is marked the same way when its notification arrives
/// (<see cref="FreeTimeNotices"/>, PostgreSQL). What no one tells (a hand in the database) is seen
/// when the copy is read again whole: every <see cref="SchedulingSettings.FreeTimeSeconds"/>, or every
/// <see cref="SchedulingSettings.UnheardFreeTimeSeconds"/> while this instance does not hear the
/// others. The list offered is a proposal either way: booking checks its slot against the database,
/// never against this copy, and the database refuses a double booking.
/// </summary>
public sealed class FreeTimeCache(SchedulingSettings settings, IClock clock, FreeTimeNotices notices)
{
    private static readonly Modality[] Modalities = Enum.GetValues<Modality>();

    private readonly Kept _kept = new();

    /// <summary>Those practitioners' time changed (committed): the next search reads them again.</summary>
    public void Changed(IReadOnlyCollection<Guid> practitioners) => _kept.Mark(practitioners);

    /// <summary>Something changed that cannot be traced to practitioners: the next search reads everyone again.</summary>
    public void ChangedAll() => _kept.MarkAll();

    /// <returns>Every practitioner's schedule with their free time in that modality within the period; null when the period is beyond what is kept (the caller reads the database).</returns>
    internal async Task<List<(PractitionerSchedule Schedule, IReadOnlyList<Interval> Free)>?> WithinAsync(
        TandemDbContext db, Modality modality, Instant from, Instant to, CancellationToken ct)
    {
        var now = clock.GetCurrentInstant();
        var (keptFrom, keptTo) = Horizon(now);
        if (from < keptFrom || to > keptTo)
        {
            return null;
        }

        if (_kept.Current is not { } copy || !Usable(copy, from, to, now) || _kept.HasMarks)
        {
            await _kept.Gate.WaitAsync(ct);
            try
            {
                copy = await RefreshAsync(db, from, to, now, ct);
            }
            finally
            {
                _kept.Gate.Release();
            }
        }

        return copy.Practitioners.Values.Select(p => (p.Schedule, SlotFinder.Overlapping(p.Free[modality], from, to))).ToList();
    }

    private async Task<Copy> RefreshAsync(TandemDbContext db, Instant from, Instant to, Instant now, CancellationToken ct)
    {
        // Marks are taken before reading: one made while reading stays for the next search.
        var (marked, all) = _kept.TakeMarks();
        var copy = _kept.Current;
        if (all || !Usable(copy, from, to, now))
        {
            var (keptFrom, keptTo) = Horizon(now);
            var generation = notices.Generation;
            copy = new Copy(keptFrom, keptTo, now, generation, await ReadAsync(db, keptFrom, keptTo, null, ct));
        }
        else if (marked.Count > 0)
        {
            var practitioners = new Dictionary<Guid, Kept.Entry>(copy!.Practitioners);
            foreach (var id in marked)
            {
                practitioners.Remove(id);
            }

            foreach (var (id, read) in await ReadAsync(db, copy.From, copy.To, marked, ct))
            {
                practitioners[id] = read;
            }

            copy = copy with { Practitioners = practitioners };
        }

        _kept.Current = copy;
        return copy!;
    }

    private async Task<Dictionary<Guid, Kept.Entry>> ReadAsync(
        TandemDbContext db, Instant from, Instant to, IReadOnlyCollection<Guid>? only, CancellationToken ct)
    {
        var schedules = await RequestSlots.SchedulesAsync(db, null, from, to, null, only, ct);
        return schedules.ToDictionary(s => s.Availability.PractitionerId, s => new Kept.Entry(
            s,
            Modalities.ToDictionary(m => m, m => SlotFinder.FreeIntervals(s.Availability, new SlotQuery(from, to, Duration.Zero, m, Duration.Zero), settings.Zone).ToArray())));
    }

    /// <summary>Covers the period, is young enough, and was read while this instance heard (or did not hear) the others as now.</summary>
    private bool Usable(Copy? copy, Instant from, Instant to, Instant now) =>
        copy is not null && copy.From <= from && to <= copy.To && now >= copy.ReadAt && copy.Generation == notices.Generation
        && now - copy.ReadAt < Duration.FromSeconds(notices.Heard ? settings.FreeTimeSeconds : Math.Min(settings.FreeTimeSeconds, settings.UnheardFreeTimeSeconds));

    /// <summary>The period kept: from a day ago to a day past the furthest interview the rules allow.</summary>
    private (Instant From, Instant To) Horizon(Instant now) =>
        (now - Duration.FromDays(1), now + Duration.FromDays(Math.Max(7 * settings.WeeksAhead, settings.SecondInterviewToDays) + 1));

    private sealed record Copy(Instant From, Instant To, Instant ReadAt, int Generation, IReadOnlyDictionary<Guid, Kept.Entry> Practitioners);

    /// <summary>The copy, the marks made since it was read, and the gate that lets one search at a time read again.</summary>
    private sealed class Kept
    {
        private readonly Lock _lock = new();
        private HashSet<Guid> _marked = [];
        private bool _all;

        private volatile Copy? _current;

        /// <summary>One practitioner as kept: their schedule (windows of every modality) and their free time in each modality.</summary>
        public sealed record Entry(PractitionerSchedule Schedule, IReadOnlyDictionary<Modality, Interval[]> Free);

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
