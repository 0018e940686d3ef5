using Tandem.Dataset;
namespace Tandem.Bench.Load;

/// <summary>
/// Samples the app's resident memory every half second: the peak of the whole run, the highest
/// sample of each phase (so a peak can be traced to what ran), and the figure at the end of each scenario.
/// </summary>
internal sealed class MemorySampler(AppProcess app) : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _lock = new();
    private readonly Dictionary<string, double> _marks = [];
    private readonly Dictionary<string, double> _phasePeaks = [];
    private double _phasePeak;

    public double Peak { get; private set; }

    public double Current { get; private set; }

    public IReadOnlyDictionary<string, double> Marks => _marks;

    /// <summary>The highest sample taken during each phase, in the order the phases ended.</summary>
    public IReadOnlyDictionary<string, double> PhasePeaks => _phasePeaks;

    public async Task RunAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var current = Current = app.ResidentMegabytes();
            lock (_lock)
            {
                Peak = Math.Max(Peak, current);
                _phasePeak = Math.Max(_phasePeak, current);
            }

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

    /// <summary>Ends a scenario: its highest sample, and the resident memory as it ends.</summary>
    public void Mark(string scenario)
    {
        var name = _marks.ContainsKey(scenario) ? scenario + " (again)" : scenario;
        _marks[name] = Math.Round(app.ResidentMegabytes(), 1);
        EndPhase(name);
    }

    /// <summary>Ends a phase that is not a scenario (signing in, preparing the bookings, the soak): its highest sample.</summary>
    public void EndPhase(string phase)
    {
        var current = app.ResidentMegabytes();
        lock (_lock)
        {
            Peak = Math.Max(Peak, current);
            _phasePeaks[phase] = Math.Round(Math.Max(_phasePeak, current), 1);
            _phasePeak = 0;
        }
    }

    public void Stop() => _stop.Cancel();

    public void Dispose() => _stop.Dispose();
}
