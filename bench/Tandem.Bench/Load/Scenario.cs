using System.Diagnostics;

namespace Tandem.Bench.Load;

/// <summary>What one call of a scenario gave: a success, an expected refusal (a slot taken meanwhile), or an error.</summary>
internal enum CallResult
{
    Ok,
    Refused,
    Error,
}

/// <summary>One scenario's figures; <see cref="Ratio"/> is its throughput over <c>/healthz</c>'s in the same run.</summary>
internal sealed record ScenarioResult(
    string Name,
    string What,
    int Connections,
    double Seconds,
    long Ok,
    long Refused,
    long Errors,
    double Throughput,
    double P50,
    double P95,
    double P99,
    double Max)
{
    public double? Ratio { get; init; }
}

/// <summary>
/// Runs one call in a loop on N connections for a while: a short warm-up not counted, then every
/// call timed. Latencies are kept whole (a few hundred thousand doubles at most) and sorted once.
/// </summary>
internal static class Scenario
{
    public static async Task<ScenarioResult> RunAsync(
        string name, string what, int connections, TimeSpan duration, Func<int, CancellationToken, Task<CallResult>> call, TimeSpan? warmUp = null)
    {
        using (var warm = new CancellationTokenSource(warmUp ?? TimeSpan.FromSeconds(3)))
        {
            await Task.WhenAll(Enumerable.Range(0, connections).Select(w => LoopAsync(w, call, null, warm.Token)));
        }

        var latencies = Enumerable.Range(0, connections).Select(_ => new List<double>()).ToArray();
        var counts = new long[3];
        var clock = Stopwatch.StartNew();
        using (var stop = new CancellationTokenSource(duration))
        {
            await Task.WhenAll(Enumerable.Range(0, connections).Select(w => LoopAsync(w, call, (latencies[w], counts), stop.Token)));
        }

        var seconds = clock.Elapsed.TotalSeconds;
        var all = latencies.SelectMany(l => l).ToArray();
        Array.Sort(all);
        double Percentile(double p) => all.Length == 0 ? double.NaN : all[Math.Min(all.Length - 1, (int)Math.Ceiling(p * all.Length) - 1)];
        return new ScenarioResult(name, what, connections, Math.Round(seconds, 1),
            counts[(int)CallResult.Ok], counts[(int)CallResult.Refused], counts[(int)CallResult.Error],
            Math.Round(counts[(int)CallResult.Ok] / seconds, 1),
            Round(Percentile(0.50)), Round(Percentile(0.95)), Round(Percentile(0.99)), Round(all.Length == 0 ? double.NaN : all[^1]));
    }

    private static double Round(double value) => double.IsNaN(value) ? 0 : Math.Round(value, 2);

    /// <summary>One connection's loop until stopped; with <paramref name="record"/>, every call is counted (and timed when a list is given).</summary>
    internal static async Task LoopAsync(int worker, Func<int, CancellationToken, Task<CallResult>> call, (List<double>? Latencies, long[] Counts)? record, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var started = Stopwatch.GetTimestamp();
            CallResult result;
            try
            {
                result = await call(worker, stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (HttpRequestException)
            {
                result = CallResult.Error;
            }

            if (record is { } r)
            {
                r.Latencies?.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                Interlocked.Increment(ref r.Counts[(int)result]);
            }
        }
    }
}
