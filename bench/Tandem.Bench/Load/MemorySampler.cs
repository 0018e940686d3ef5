using Tandem.Dataset;
namespace Tandem.Bench.Load;

/// <summary>Samples the app's resident memory every half second.</summary>
internal sealed class MemorySampler(AppProcess app) : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Dictionary<string, double> _marks = [];

    public double Peak { get; private set; }

    public double Current { get; private set; }

    public IReadOnlyDictionary<string, double> Marks => _marks;

    public async Task RunAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Current = app.ResidentMegabytes();
            Peak = Math.Max(Peak, Current);
            try
            {
                await Task.Delay(500, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    public void Mark(string scenario) => _marks[_marks.ContainsKey(scenario) ? scenario + " (again)" : scenario] = Math.Round(app.ResidentMegabytes(), 1);

    public void Stop() => _stop.Cancel();

    public void Dispose() => _stop.Dispose();
}
