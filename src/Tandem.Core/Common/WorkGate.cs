namespace Tandem.Core.Common;

/// <summary>
/// Lets at most <see cref="Limit"/> pieces of costly work run at once; the others wait their
/// turn (or their cancellation). It also remembers the most that ran at once, which the
/// tests read.
/// </summary>
public sealed class WorkGate(int limit) : IDisposable
{
    private readonly SemaphoreSlim _slots = new(Math.Max(1, limit));
    private int _running;
    private int _mostAtOnce;

    public int Limit { get; } = Math.Max(1, limit);

    public int MostAtOnce => Volatile.Read(ref _mostAtOnce);

    public async Task<T> RunAsync<T>(Func<T> work, CancellationToken ct = default)
    {
        await _slots.WaitAsync(ct);
        try
        {
            var running = Interlocked.Increment(ref _running);
            var most = Volatile.Read(ref _mostAtOnce);
            while (running > most)
            {
                var seen = Interlocked.CompareExchange(ref _mostAtOnce, running, most);
                if (seen == most)
                {
                    break;
                }

                most = seen;
            }

            return work();
        }
        finally
        {
            Interlocked.Decrement(ref _running);
            _slots.Release();
        }
    }

    public void Dispose() => _slots.Dispose();
}
