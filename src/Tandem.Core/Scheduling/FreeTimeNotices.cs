using System.Globalization;
using System.Text;
using System.Threading.Channels;

namespace Tandem.Core.Scheduling;

/// <summary>
/// What instances on one PostgreSQL database tell each other of practitioners' time (issues 8 and 9):
/// the practitioners whose time this instance changed, once committed, waiting to be sent as a
/// notification on <see cref="Channel"/>; and whether this instance hears the others' (the web host's
/// listener says). While it does, <see cref="FreeTimeCache"/> needs no whole re-read to see another
/// instance's change; while it does not (not yet listening, connection lost), it reads everyone again
/// every <see cref="SchedulingSettings.UnheardFreeTimeSeconds"/>. On SQLite no one listens and nothing is
/// kept to send: an embedded database has no other instance. A payload is <c>instance:ids</c>, the ids as 32 hex digits separated by commas, or
/// <c>instance:*</c> for everyone; it names no person, only practitioners' profile ids.
/// </summary>
public sealed class FreeTimeNotices
{
    public const string Channel = "tandem_free_time";

    // PostgreSQL refuses a payload of 8,000 bytes or more.
    private const int MaxPayload = 7_800;
    private const char EveryoneMark = '*';

    private readonly Lock _lock = new();
    private readonly Channel<bool> _signal = System.Threading.Channels.Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private HashSet<Guid> _pending = [];
    private bool _everyone;
    private volatile bool _sending;
    private volatile bool _heard;
    private int _generation;

    /// <param name="shared">Whether other instances may share the database (PostgreSQL): until the listener hears them, they are not heard.</param>
    public FreeTimeNotices(bool shared) => _heard = !shared;

    /// <summary>This process among the instances: its own notifications come back to it and are ignored.</summary>
    public string Instance { get; } = Guid.NewGuid().ToString("N")[..12];

    /// <summary>True while the others' notifications reach this instance.</summary>
    public bool Heard => _heard;

    /// <summary>Changes each time hearing begins: a copy read before may have missed another instance's change.</summary>
    public int Generation => Volatile.Read(ref _generation);

    /// <summary>Someone sends from now on (the listener); until then, what this instance changes is not kept.</summary>
    public void Sending() => _sending = true;

    /// <summary>
    /// Listening began (true) or was lost (false). Losing it only shortens how long a copy is used
    /// (<see cref="SchedulingSettings.UnheardFreeTimeSeconds"/>); beginning it makes the next search read everyone.
    /// </summary>
    public void Hearing(bool heard)
    {
        _heard = heard;
        if (heard)
        {
            Interlocked.Increment(ref _generation);
        }
    }

    /// <summary>Committed here: to be told to the others (nothing is kept when no one sends).</summary>
    internal void Add(IReadOnlyCollection<Guid> practitioners, bool everyone)
    {
        if (!_sending)
        {
            return;
        }

        lock (_lock)
        {
            _everyone |= everyone;
            if (!_everyone)
            {
                _pending.UnionWith(practitioners);
            }
        }

        _signal.Writer.TryWrite(true);
    }

    /// <summary>Waits until something is to be sent, then takes it as payloads.</summary>
    public async Task<IReadOnlyList<string>> NextAsync(CancellationToken ct)
    {
        while (true)
        {
            await _signal.Reader.ReadAsync(ct);
            HashSet<Guid> taken;
            bool everyone;
            lock (_lock)
            {
                (taken, everyone) = (_pending, _everyone);
                (_pending, _everyone) = ([], false);
            }

            if (everyone)
            {
                return [$"{Instance}:{EveryoneMark}"];
            }

            if (taken.Count > 0)
            {
                return Payloads(taken);
            }
        }
    }

    /// <summary>A send failed: the others are told to read everyone again at the next one.</summary>
    public void Resend()
    {
        lock (_lock)
        {
            _everyone = true;
        }

        _signal.Writer.TryWrite(true);
    }

    private List<string> Payloads(IEnumerable<Guid> practitioners)
    {
        var payloads = new List<string>();
        var text = new StringBuilder(Instance).Append(':');
        var prefix = text.Length;
        foreach (var id in practitioners)
        {
            if (text.Length + 33 > MaxPayload)
            {
                payloads.Add(text.ToString(0, text.Length - 1));
                text.Length = prefix;
            }

            text.Append(id.ToString("N", CultureInfo.InvariantCulture)).Append(',');
        }

        payloads.Add(text.ToString(0, text.Length - 1));
        return payloads;
    }

    /// <summary>Reads a notification: null when it is this instance's own; an empty list for everyone.</summary>
    public IReadOnlyCollection<Guid>? Read(string payload)
    {
        var colon = payload.IndexOf(':', StringComparison.Ordinal);
        if (colon > 0 && payload.AsSpan(0, colon).SequenceEqual(Instance))
        {
            return null;
        }

        var ids = new List<Guid>();
        foreach (var part in payload[(colon + 1)..].Split(','))
        {
            if (!Guid.TryParseExact(part, "N", out var id))
            {
                return [];
            }

            ids.Add(id);
        }

        return ids;
    }
}
