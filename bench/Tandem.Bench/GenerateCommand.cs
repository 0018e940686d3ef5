using Microsoft.EntityFrameworkCore;
using NodaTime;
using Tandem.Core.Data;
using Tandem.Core.Security.Encryption;
using Tandem.Dataset;

namespace Tandem.Bench;

/// <summary>Migrates an empty database and fills it at a scale (issue 8's generator); writes the manifest.</summary>
internal static class GenerateCommand
{
    public static async Task<int> RunAsync(Arguments line)
    {
        var provider = TandemDatabase.ParseProvider(line.Optional("provider"));
        var scale = DatasetScale.Find(line.Optional("scale") ?? "reference")
            ?? throw new ArgumentException($"--scale is one of {string.Join(", ", DatasetScale.Known.Select(s => s.Name))}.");
        var seed = line.Number("seed", 42);
        var zone = DateTimeZoneProviders.Tzdb["Europe/Paris"];
        var anchor = line.Optional("anchor") is { } given
            ? NodaTime.Text.LocalDatePattern.Iso.Parse(given).GetValueOrThrow()
            : SystemClock.Instance.GetCurrentInstant().InZone(zone).Date;

        var options = TandemDatabase.Configure(new DbContextOptionsBuilder<TandemDbContext>(), provider, line.Required("connection")).Options;
        await using var db = new TandemDbContext((DbContextOptions<TandemDbContext>)options);
        db.Database.SetCommandTimeout(TimeSpan.FromMinutes(10));
        Console.WriteLine($"Migrating the {provider} database…");
        await db.Database.MigrateAsync();
        var masterKeys = MasterKeys.Load(null, line.Required("master-key-file"), createFileIfMissing: true);
        var crypto = new EnvelopeCrypto(masterKeys, SystemClock.Instance);
        Console.WriteLine($"Generating the {scale.Name} scale (seed {seed}, two years up to {anchor:yyyy-MM-dd})…");
        var manifest = await new DatasetGenerator(db, crypto, scale, seed, anchor, Console.Out).GenerateAsync();
        if (provider == DatabaseProvider.Postgres)
        {
            await db.Database.ExecuteSqlRawAsync("ANALYZE");
        }

        await manifest.SaveAsync(line.Required("manifest"));
        Console.WriteLine($"Done in {manifest.Seconds} s: " + string.Join(", ", manifest.Counts.Select(c => $"{c.Value} {c.Key}")));
        return 0;
    }
}
