using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Tandem.Bench.Load;
using Tandem.Dataset;

namespace Tandem.Bench;

/// <summary>
/// Writes the latest run into docs/performance.md, between its two markers (the rest of the page,
/// what was found and why, stays as written): when, on what, at which commit, with which command;
/// the targets of issue 8 against what was measured; the load scenario and the benchmarks in full.
/// </summary>
internal static class ReportCommand
{
    public const string Start = "<!-- latest-run:start (written by bench/run.sh) -->";
    public const string End = "<!-- latest-run:end -->";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static async Task<int> RunAsync(Arguments line)
    {
        var manifest = await DatasetManifest.LoadAsync(line.Required("manifest"));
        var load = JsonSerializer.Deserialize<LoadReport>(await File.ReadAllTextAsync(line.Required("load")), Json)!;
        var startup = JsonSerializer.Deserialize<StartupResult>(await File.ReadAllTextAsync(line.Required("startup")), Json)!;
        var benchmarks = ReadBenchmarks(line.Required("benchmarks"));
        var output = line.Required("out");

        var text = new StringBuilder();
        void Row(params object?[] cells) => text.Append("| ").AppendJoin(" | ", cells.Select(c => Convert.ToString(c, Invariant))).AppendLine(" |");
        ScenarioResult Scenario(string name) => load.Scenarios.First(s => s.Name == name);
        string Met(bool met) => met ? "met" : "**not met**";
        string Ms(double value) => value.ToString(value < 10 ? "0.0" : "0", Invariant) + " ms";
        string Percent(double? ratio) => ratio is { } r ? (r * 100).ToString("0.0", Invariant) + " %" : "–";
        double? Bench(string method) => benchmarks.TryGetValue(method, out var b) ? b.MeanMs : null;

        text.AppendLine(Start).AppendLine()
            .AppendLine(string.Create(Invariant, $"Run of {load.At:yyyy-MM-dd HH:mm} UTC on {Machine()}, commit `{Commit()}`.")).AppendLine()
            .AppendLine("Command: `" + line.Required("command") + "`").AppendLine()
            .AppendLine(string.Create(Invariant, $"Dataset: {manifest.Scale} scale, seed {manifest.Seed}, generated into PostgreSQL in {manifest.Seconds:0} s — ")
                + string.Join(", ", manifest.Counts.Select(c => string.Create(Invariant, $"{c.Value:N0} {c.Key}").Replace(",", " ", StringComparison.Ordinal))) + ".").AppendLine()
            .AppendLine(string.Create(Invariant, $"Load: {load.Connections} connections, {load.SecondsPerScenario:0} s per scenario after a 3 s warm-up, against the Release build on Kestrel; ratios are to `/healthz` measured in the same run (mean of before and after).")).AppendLine();

        var health = (Scenario("healthz").Throughput + load.Scenarios.Last(s => s.Name == "healthz").Throughput) / 2;
        var space = Scenario("space");
        var slots = Scenario("slots");
        var booking = Scenario("booking");
        text.AppendLine("### Targets").AppendLine();
        Row("what", "target", "measured", "");
        Row("---", "---", "---", "---");
        Row("beneficiary space", "p99 < 50 ms at 16 connections; ≥ 30 % of `/healthz`",
            $"p99 {Ms(space.P99)}; {space.Throughput:0}/s = {Percent(space.Ratio)}", Met(space.P99 < 50 && space.Ratio >= 0.30));
        Row("slot search", "p99 < 100 ms; ≥ 10 % of `/healthz`",
            $"p99 {Ms(slots.P99)}; {slots.Throughput:0}/s = {Percent(slots.Ratio)}; one search alone {Ms(Bench("SlotSearchForOneRequest") ?? 0)}", Met(slots.P99 < 100 && slots.Ratio >= 0.10));
        Row("booking", "≥ 200 bookings/s sustained, zero double booking",
            $"{booking.Throughput:0} bookings/s ({booking.Refused} refused as taken meanwhile); {load.DoubleBooked} double bookings; one booking alone {Ms(Bench("BookOneSlot") ?? 0)}",
            Met(booking.Throughput >= 200 && load.DoubleBooked == 0));
        var computed = Bench("IndicatorsOfTheLargestYearComputed");
        var frozen = Bench("IndicatorsOfTheLargestYearFrozen");
        var counted = Bench("IndicatorsOfTheLargestYearCountedFromEvents");
        Row("indicators, largest organisation-year", "< 200 ms computed; < 10 ms once frozen",
            $"computed from its kept months {Ms(computed ?? load.IndicatorsComputedMs)} (first read under the app: {Ms(load.IndicatorsComputedMs)}); counted from its events, no month kept, {(counted is { } c ? Ms(c) : "–")}; frozen {(frozen is { } f ? Ms(f) : "–")}",
            Met((computed ?? load.IndicatorsComputedMs) < 200 && frozen < 10));
        Row("any page", "≤ 8 SQL queries", "every page at 8 or fewer, checked in every `./test.sh` (`QueryCountTests`, both databases)", "met");
        Row("home page and request form", "≤ 60 KB, usable without JavaScript", "checked in every `./test.sh` (`QueryCountTests`)", "met");
        var soak = load.Soak;
        var growth = soak is { ResidentMegabytesEachMinute.Count: >= 3 } s
            ? s.ResidentMegabytesEachMinute[^1] - s.ResidentMegabytesEachMinute[1]
            : (double?)null;
        Row("memory", "RSS < 300 MB under the load scenario, no growth over 10 minutes",
            $"peak {load.PeakResidentMegabytes:0} MB" + (soak is null ? "; the 10-minute soak was not run (`--soak-minutes 10`)" : $"; {soak.Minutes:0}-minute soak: {string.Join(" → ", soak.ResidentMegabytesEachMinute.Select(m => m.ToString("0", Invariant)))} MB, {soak.Errors} errors"),
            Met(load.PeakResidentMegabytes < 300 && (growth is null || growth < 30)));
        string Times(StartupTimes t) =>
            $"new database {t.NewDatabase.Median:0.00} s (slowest {t.NewDatabase.Slowest:0.00} s), existing {t.ExistingDatabase.Median:0.00} s (slowest {t.ExistingDatabase.Slowest:0.00} s)";
        var deployed = startup.Published ?? startup.Built;
        Row("start-up", "`/healthz` answers < 2 s after start on SQLite",
            (startup.Published is { } published ? $"published with ReadyToRun: {Times(published)}; " : "") + $"Release build: {Times(startup.Built)}; PostgreSQL at reference scale {load.StartSeconds:0.0} s",
            Met(deployed.NewDatabase.Slowest < 2 && deployed.ExistingDatabase.Slowest < 2));
        text.AppendLine();

        text.AppendLine("### Load scenario").AppendLine();
        Row("scenario", "what", "throughput", "ratio to /healthz", "p50", "p95", "p99", "errors", "refused");
        Row("---", "---", "---:", "---:", "---:", "---:", "---:", "---:", "---:");
        foreach (var scenario in load.Scenarios)
        {
            Row(scenario.Name, scenario.What, $"{scenario.Throughput:0}/s", Percent(scenario.Ratio), Ms(scenario.P50), Ms(scenario.P95), Ms(scenario.P99), scenario.Errors, scenario.Refused);
        }

        var during = load.PeakResidentMegabytesDuring is { Count: > 0 } phases
            ? $" Highest sample of each phase (MB): {string.Join(", ", phases.Select(m => $"{m.Key} {m.Value:0}"))}."
            : string.Empty;
        text.AppendLine().AppendLine(string.Create(Invariant, $"Resident memory after each scenario (MB): {string.Join(", ", load.ResidentMegabytesAfter.Select(m => $"{m.Key} {m.Value:0}"))}; peak {load.PeakResidentMegabytes:0} MB.{during} `/healthz` ran at {health:0}/s.")).AppendLine();

        text.AppendLine("### Benchmarks (BenchmarkDotNet, short job)").AppendLine();
        Row("benchmark", "mean", "allocated");
        Row("---", "---:", "---:");
        foreach (var (name, result) in benchmarks.OrderBy(b => b.Key, StringComparer.Ordinal))
        {
            Row($"`{result.Type}.{name}`", result.Mean, result.Allocated);
        }

        text.AppendLine().AppendLine(End);
        var page = File.Exists(output) ? await File.ReadAllTextAsync(output) : $"# Performance\n\n{Start}\n{End}\n";
        var from = page.IndexOf(Start, StringComparison.Ordinal);
        var to = page.IndexOf(End, StringComparison.Ordinal);
        if (from < 0 || to < from)
        {
            throw new InvalidOperationException($"{output} has no {Start} … {End} section to replace.");
        }

        await File.WriteAllTextAsync(output, page[..from] + text + page[(to + End.Length)..].TrimStart('\n', '\r').Insert(0, "\n"));
        Console.WriteLine($"Wrote the latest run into {output}.");
        return 0;
    }

    /// <summary>The benchmarks' means and allocations, from BenchmarkDotNet's GitHub tables.</summary>
    private static Dictionary<string, (string Type, string Mean, string Allocated, double? MeanMs)> ReadBenchmarks(string directory)
    {
        var results = new Dictionary<string, (string, string, string, double?)>(StringComparer.Ordinal);
        foreach (var file in Directory.Exists(directory) ? Directory.GetFiles(directory, "*-report-github.md") : [])
        {
            var type = Path.GetFileName(file).Replace("-report-github.md", "", StringComparison.Ordinal).Split('.')[^1];
            string[]? header = null;
            foreach (var line in File.ReadLines(file).Where(l => l.StartsWith('|')))
            {
                var cells = line.Trim('|').Split('|').Select(c => c.Trim()).ToArray();
                if (header is null)
                {
                    header = cells;
                    continue;
                }

                if (cells[0].StartsWith('-'))
                {
                    continue;
                }

                string Cell(string name) => Array.IndexOf(header, name) is var i and >= 0 && i < cells.Length ? cells[i] : "–";
                results[Cell("Method")] = (type, Cell("Mean"), Cell("Allocated"), Milliseconds(Cell("Mean")));
            }
        }

        return results;
    }

    private static double? Milliseconds(string mean)
    {
        var parts = mean.Replace(",", "", StringComparison.Ordinal).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 2 || !double.TryParse(parts[0], NumberStyles.Float, Invariant, out var value))
        {
            return null;
        }

        return parts[1] switch
        {
            "ns" => value / 1_000_000,
            "μs" or "us" => value / 1_000,
            "ms" => value,
            "s" => value * 1_000,
            _ => null,
        };
    }

    private static string Machine()
    {
        var os = File.Exists("/etc/os-release")
            ? File.ReadLines("/etc/os-release").FirstOrDefault(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal))?.Split('=', 2)[1].Trim('"')
            : null;
        var memory = File.Exists("/proc/meminfo")
            ? File.ReadLines("/proc/meminfo").First().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]
            : null;
        var gigabytes = memory is null ? "?" : (double.Parse(memory, Invariant) / 1024 / 1024).ToString("0", Invariant);
        return $"{Environment.ProcessorCount} cores, {gigabytes} GiB, {os ?? Environment.OSVersion.ToString()}, .NET {Environment.Version}";
    }

    private static string Commit()
    {
        try
        {
            using var git = Process.Start(new ProcessStartInfo("git", ["describe", "--always", "--dirty"]) { RedirectStandardOutput = true, UseShellExecute = false });
            var commit = git!.StandardOutput.ReadToEnd().Trim();
            git.WaitForExit();
            return commit.Length > 0 ? commit : "unknown";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "unknown";
        }
    }
}
