using System.Diagnostics;
using System.Globalization;

namespace Tandem.Dataset;

/// <summary>
/// The app as a separate process, started with its settings in the environment: the load driver
/// measures it from outside and reads its resident memory; the crash harness kills it.
/// </summary>
public sealed class AppProcess : IAsyncDisposable
{
    private readonly Process _process;

    private AppProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    public int Id => _process.Id;

    public static AppProcess Start(string appDll, int port, IReadOnlyDictionary<string, string> environment, string logFile)
    {
        var start = new ProcessStartInfo("dotnet", [appDll, "--urls", $"http://127.0.0.1:{port}"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(Path.GetFullPath(appDll))!,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("The app did not start.");
        var log = new StreamWriter(logFile) { AutoFlush = true };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (log) { log.WriteLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (log) { log.WriteLine(e.Data); } } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new AppProcess(process, new Uri($"http://127.0.0.1:{port}"));
    }

    /// <summary>Polls <c>/healthz</c> until it answers 200; the time from <paramref name="since"/>.</summary>
    public async Task<TimeSpan> WaitHealthyAsync(Stopwatch since, TimeSpan timeout)
    {
        using var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(2) };
        while (since.Elapsed < timeout)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The app stopped with code {_process.ExitCode}.");
            }

            try
            {
                using var response = await client.GetAsync("/healthz");
                if (response.IsSuccessStatusCode)
                {
                    return since.Elapsed;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Listening, not answering yet.
            }

            await Task.Delay(10);
        }

        throw new TimeoutException($"/healthz did not answer within {timeout.TotalSeconds} s.");
    }

    /// <summary>Resident memory of the process in MB, from /proc (Linux).</summary>
    public double ResidentMegabytes()
    {
        foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                var kilobytes = line["VmRSS:".Length..].Trim().Split(' ')[0];
                return double.Parse(kilobytes, CultureInfo.InvariantCulture) / 1024;
            }
        }

        return 0;
    }

    /// <summary>SIGKILL, no goodbye: what a crash, an OOM kill or a pulled plug looks like to the app.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
