using System.Diagnostics;
using System.Text.Json;

namespace Tandem.Bench.Load;

/// <summary>
/// Start-up time on SQLite (issue 8: <c>/healthz</c> answers within 2 s): the Release build is
/// started on a fresh data directory (the database created and migrated), then again on the same
/// one, five times each; the median and the slowest are kept.
/// </summary>
internal static class StartupCommand
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static async Task<int> RunAsync(Arguments line)
    {
        var app = Path.GetFullPath(line.Required("app"));
        var rounds = line.Number("rounds", 5);
        var fresh = new List<double>();
        var again = new List<double>();
        for (var round = 0; round < rounds; round++)
        {
            var directory = Directory.CreateTempSubdirectory("tandem-start-").FullName;
            try
            {
                fresh.Add(await StartOnceAsync(app, directory));
                again.Add(await StartOnceAsync(app, directory));
            }
            finally
            {
                Directory.Delete(directory, recursive: true);
            }
        }

        var result = new StartupResult(Summary(fresh), Summary(again));
        Console.WriteLine($"Start-up on SQLite: new database {result.NewDatabase.Median:F2} s (slowest {result.NewDatabase.Slowest:F2} s), existing {result.ExistingDatabase.Median:F2} s (slowest {result.ExistingDatabase.Slowest:F2} s)");
        await File.WriteAllTextAsync(line.Required("out"), JsonSerializer.Serialize(result, Json));
        return 0;
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

internal sealed record StartupResult(StartupSummary NewDatabase, StartupSummary ExistingDatabase);
