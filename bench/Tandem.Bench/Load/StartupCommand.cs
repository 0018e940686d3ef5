using System.Diagnostics;
using System.Text.Json;
using Tandem.Dataset;

namespace Tandem.Bench.Load;

/// <summary>
/// Start-up time on SQLite (issue 8: <c>/healthz</c> answers within 2 s): the Release build, and
/// when given the app as published for production (ReadyToRun), each started on a fresh data
/// directory (the database created and migrated), then again on the same one, five times each;
/// the median and the slowest are kept.
/// </summary>
internal static class StartupCommand
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static async Task<int> RunAsync(Arguments line)
    {
        var rounds = line.Number("rounds", 5);
        var built = await MeasureAsync("Release build", line.Required("app"), rounds);
        var published = line.Optional("published") is { } dll ? await MeasureAsync("published, ReadyToRun", dll, rounds) : null;
        await File.WriteAllTextAsync(line.Required("out"), JsonSerializer.Serialize(new StartupResult(built, published), Json));
        return 0;
    }

    private static async Task<StartupTimes> MeasureAsync(string what, string app, int rounds)
    {
        var fresh = new List<double>();
        var again = new List<double>();
        for (var round = 0; round < rounds; round++)
        {
            var directory = Directory.CreateTempSubdirectory("tandem-start-").FullName;
            try
            {
                fresh.Add(await StartOnceAsync(Path.GetFullPath(app), directory));
                again.Add(await StartOnceAsync(Path.GetFullPath(app), directory));
            }
            finally
            {
                Directory.Delete(directory, recursive: true);
            }
        }

        var times = new StartupTimes(Summary(fresh), Summary(again));
        Console.WriteLine($"Start-up on SQLite ({what}): new database {times.NewDatabase.Median:F2} s (slowest {times.NewDatabase.Slowest:F2} s), existing {times.ExistingDatabase.Median:F2} s (slowest {times.ExistingDatabase.Slowest:F2} s)");
        return times;
    }

    private static async Task<double> StartOnceAsync(string app, string directory)
    {
        var clock = Stopwatch.StartNew();
        await using var process = AppProcess.Start(app, 5095, new Dictionary<string, string> { ["Tandem__DataDirectory"] = directory }, Path.Combine(directory, "app.log"));
        return Math.Round((await process.WaitHealthyAsync(clock, TimeSpan.FromSeconds(60))).TotalSeconds, 3);
    }

    private static StartupSummary Summary(List<double> seconds)
    {
        var sorted = seconds.Order().ToList();
        return new StartupSummary(sorted[sorted.Count / 2], sorted[^1], sorted.Count);
    }
}

internal sealed record StartupSummary(double Median, double Slowest, int Rounds);

internal sealed record StartupTimes(StartupSummary NewDatabase, StartupSummary ExistingDatabase);

/// <summary>The Release build's times, and the published app's when it was measured.</summary>
internal sealed record StartupResult(StartupTimes Built, StartupTimes? Published);
