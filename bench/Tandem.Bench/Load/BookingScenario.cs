using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tandem.Dataset;

namespace Tandem.Bench.Load;

/// <summary>
/// Booking under load. Requests of one group (modality and theme) are offered the same slots, so
/// each group's slots over the eight weeks are read before the clock starts. The slots lists are
/// pairs at the same hours, most sharing a practitioner with another; the pools keep only slots
/// that share no practitioner's time with one already kept, across groups, so each booking is one
/// a person could still make. When a group's pool runs out, its list is read again and the time of
/// every slot already handed out in the run is skipped (before, a list read again could hand out a
/// slot another group was booking: about a third of the calls were refused for it). A 409 (a slot
/// taken meanwhile) is the guarantee at work, not an error.
/// </summary>
internal sealed class BookingScenario(HttpClient http, string token, IReadOnlyList<BookableRequest> requests)
{
    private readonly Dictionary<string, List<Offered>> _pools = [];

    /// <summary>The practitioners' time of every slot handed out in this run: a refilled list skips it.</summary>
    private readonly Dictionary<Guid, List<(DateTimeOffset Start, DateTimeOffset End)>> _handedOut = [];
    private int _next = -1;
    private long _booked;
    private int _refills;

    public long Booked => Interlocked.Read(ref _booked);

    public int Refills => _refills;

    public int Pooled => _pools.Values.Sum(p => p.Count);

    public async Task PrepareAsync()
    {
        var today = NodaTime.SystemClock.Instance.GetCurrentInstant().InUtc().Date;
        var offered = new Dictionary<string, List<Offered>>();
        var lists = requests.GroupBy(r => r.Group)
            .SelectMany(g => Enumerable.Range(0, 56).Select(day => (Group: g.Key, Request: g.First().Id, From: day == 0 ? (NodaTime.LocalDate?)null : today.PlusDays(day))))
            .ToList();
        var read = new List<Offered>[lists.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, lists.Count), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, ct) =>
            read[i] = await SlotsAsync(lists[i].Request, lists[i].From, ct));
        foreach (var (list, i) in lists.Select((l, i) => (l, i)))
        {
            (offered.TryGetValue(list.Group, out var slots) ? slots : offered[list.Group] = []).AddRange(read[i]);
        }

        foreach (var key in offered.Keys.ToList())
        {
            offered[key] = offered[key].DistinctBy(s => s.Id).ToList();
        }

        // Round robin over the groups, so each keeps its share of the practitioners' free time.
        var taken = new Dictionary<Guid, List<(DateTimeOffset Start, DateTimeOffset End)>>();
        foreach (var key in offered.Keys)
        {
            _pools[key] = [];
        }

        for (var round = 0; offered.Values.Any(o => o.Count > round); round++)
        {
            foreach (var (key, slots) in offered)
            {
                if (round < slots.Count && slots[round] is var slot && Free(taken, slot))
                {
                    Mark(taken, slot);
                    _pools[key].Add(slot);
                }
            }
        }
    }

    private static bool Free(Dictionary<Guid, List<(DateTimeOffset Start, DateTimeOffset End)>> taken, Offered slot) =>
        slot.Practitioners.All(p => !taken.TryGetValue(p, out var times) || !times.Any(t => t.Start < slot.End && slot.Start < t.End));

    private static void Mark(Dictionary<Guid, List<(DateTimeOffset Start, DateTimeOffset End)>> taken, Offered slot)
    {
        foreach (var practitioner in slot.Practitioners)
        {
            (taken.TryGetValue(practitioner, out var times) ? times : taken[practitioner] = []).Add((slot.Start, slot.End));
        }
    }

    public async Task<CallResult> BookAsync(int worker, CancellationToken ct)
    {
        var index = Interlocked.Increment(ref _next);
        if (index >= requests.Count)
        {
            throw new InvalidOperationException("The dataset has no bookable request left: generate a larger one or shorten the scenario.");
        }

        var request = requests[index];
        var slot = Take(request.Group);
        if (slot is null)
        {
            Interlocked.Increment(ref _refills);
            var fresh = await SlotsAsync(request.Id, null, ct);
            lock (_pools)
            {
                _pools[request.Group] = fresh;
            }

            slot = Take(request.Group);
            if (slot is null)
            {
                return CallResult.Refused;
            }
        }

        using var response = await LoadCommand.SendAsync(http, HttpMethod.Post, $"/api/v1/requests/{request.Id}/appointments", token, new { slotId = slot.Id }, ct);
        switch (response.StatusCode)
        {
            case HttpStatusCode.Created:
                Interlocked.Increment(ref _booked);
                return CallResult.Ok;
            case HttpStatusCode.Conflict:
                return CallResult.Refused;
            default:
                return CallResult.Error;
        }
    }

    /// <summary>A slot of the group's pool at random whose practitioners' time no slot handed out in this run has taken; marked taken.</summary>
    private Offered? Take(string group)
    {
        lock (_pools)
        {
            var pool = _pools[group];
            while (pool.Count > 0)
            {
                var at = Random.Shared.Next(pool.Count);
                var slot = pool[at];
                pool[at] = pool[^1];
                pool.RemoveAt(pool.Count - 1);
                if (Free(_handedOut, slot))
                {
                    Mark(_handedOut, slot);
                    return slot;
                }
            }

            return null;
        }
    }

    private async Task<List<Offered>> SlotsAsync(Guid requestId, NodaTime.LocalDate? from, CancellationToken ct)
    {
        var query = from is { } day ? $"?from={day:yyyy-MM-dd}" : "";
        using var response = await LoadCommand.SendAsync(http, HttpMethod.Get, $"/api/v1/requests/{requestId}/slots{query}", token, null, ct);
        response.EnsureSuccessStatusCode();
        var slots = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
        return slots.EnumerateArray().Select(s => new Offered(
            s.GetProperty("slotId").GetString()!,
            s.GetProperty("start").GetDateTimeOffset(),
            s.GetProperty("end").GetDateTimeOffset(),
            s.GetProperty("practitioners").EnumerateArray().Select(p => p.GetProperty("practitionerId").GetGuid()).ToList())).ToList();
    }

    private sealed record Offered(string Id, DateTimeOffset Start, DateTimeOffset End, IReadOnlyList<Guid> Practitioners);
}
