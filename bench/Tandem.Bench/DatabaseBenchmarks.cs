using BenchmarkDotNet.Attributes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tandem.Core;
using Tandem.Core.Data;
using Tandem.Core.Indicators;
using Tandem.Core.Scheduling;
using Tandem.Core.Security;
using Tandem.Core.Security.Encryption;
using Tandem.Dataset;

namespace Tandem.Bench;

/// <summary>
/// The hot paths of issue 8 that go to the database, on a generated dataset in PostgreSQL
/// (bench/run.sh generates it and sets the variables): slot search for one request (every
/// suitable pair, eight weeks), booking one slot, and the largest organisation's year of
/// indicators, computed and then read frozen. Booking takes its requests from the end of the
/// manifest's list, the load scenario from the start.
/// </summary>
[MemoryDiagnoser]
public class DatabaseBenchmarks
{
    public const string ConnectionVariable = "TANDEM_BENCH_POSTGRES";
    public const string ManifestVariable = "TANDEM_BENCH_MANIFEST";
    public const string MasterKeyVariable = "TANDEM_BENCH_MASTER_KEY_FILE";

    private ServiceProvider _services = null!;
    private DatasetManifest _manifest = null!;
    private Guid _coordinator;
    private int _slotSearch;
    private int _bookable;
    private (Guid Request, string SlotId) _nextBooking;

    [GlobalSetup]
    public void Setup()
    {
        string Variable(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{name} is not set: run bench/run.sh, which generates the dataset these benchmarks read.");
        _manifest = DatasetManifest.LoadAsync(Variable(ManifestVariable)).GetAwaiter().GetResult();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(MasterKeys.Load(null, Variable(MasterKeyVariable), createFileIfMissing: false));
        services.AddTandemCore(DatabaseProvider.Postgres, Variable(ConnectionVariable));
        _services = services.BuildServiceProvider();
        _coordinator = _manifest.Staff.First(s => s.Role == Roles.Coordinator).UserId;
        _bookable = _manifest.BookableRequests.Count;
    }

    /// <summary>Leaves the year unfrozen (its months kept), so the load scenario that follows computes it on its first read.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        Unfreeze();
        _services.Dispose();
    }

    [Benchmark]
    public async Task<int> SlotSearchForOneRequest()
    {
        await using var scope = _services.CreateAsyncScope();
        var request = _manifest.SlotSearchRequests[_slotSearch++ % _manifest.SlotSearchRequests.Count];
        var offer = await scope.ServiceProvider.GetRequiredService<RequestSlots>().OfferAsync(request, null, null, CancellationToken.None);
        return offer.Value?.Slots.Count ?? throw new InvalidOperationException($"No slots for {request}: {offer.Status}");
    }

    [IterationSetup(Target = nameof(BookOneSlot))]
    public void NextBooking()
    {
        using var scope = _services.CreateScope();
        var slots = scope.ServiceProvider.GetRequiredService<RequestSlots>();
        while (_bookable > 0)
        {
            var request = _manifest.BookableRequests[--_bookable].Id;
            var offer = slots.OfferAsync(request, null, null, CancellationToken.None).GetAwaiter().GetResult();
            if (offer.Value is { Slots.Count: > 0 } offered)
            {
                _nextBooking = (request, offered.Slots[Random.Shared.Next(offered.Slots.Count)].SlotId);
                return;
            }
        }

        throw new InvalidOperationException("No bookable request left in the dataset.");
    }

    [Benchmark]
    public async Task<Guid> BookOneSlot()
    {
        await using var scope = _services.CreateAsyncScope();
        var booked = await scope.ServiceProvider.GetRequiredService<Booking>()
            .BookAsync(_nextBooking.Request, _nextBooking.SlotId, null, null, _coordinator, null, CancellationToken.None);
        return booked.Value.Appointment?.AppointmentId ?? throw new InvalidOperationException($"Booking refused: {booked.Status}");
    }

    [IterationSetup(Target = nameof(IndicatorsOfTheLargestYearComputed))]
    public void Unfreeze()
    {
        using var scope = _services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TandemDbContext>();
        var period = _manifest.LargestOrganisationYear.ToString(System.Globalization.CultureInfo.InvariantCulture);
        db.IndicatorSnapshots.Where(s => s.OrganisationId == _manifest.LargestOrganisation && s.Period == period).ExecuteDelete();
    }

    [IterationSetup(Target = nameof(IndicatorsOfTheLargestYearCountedFromEvents))]
    public void UnfreezeAndForgetMonths()
    {
        Unfreeze();
        using var scope = _services.CreateScope();
        scope.ServiceProvider.GetRequiredService<TandemDbContext>().IndicatorMonths.Where(m => m.OrganisationId == _manifest.LargestOrganisation).ExecuteDelete();
    }

    /// <summary>The year's report computed from its twelve months, kept as each closed (by the daily job, or by the first report that needed them).</summary>
    [Benchmark]
    public Task<int> IndicatorsOfTheLargestYearComputed() => ReportAsync();

    /// <summary>The year's report with none of its months kept yet: every event of the year is read and counted.</summary>
    [Benchmark]
    public Task<int> IndicatorsOfTheLargestYearCountedFromEvents() => ReportAsync();

    [Benchmark]
    public Task<int> IndicatorsOfTheLargestYearFrozen() => ReportAsync();

    private async Task<int> ReportAsync()
    {
        await using var scope = _services.CreateAsyncScope();
        var report = await scope.ServiceProvider.GetRequiredService<IndicatorReports>()
            .ReportAsync(_coordinator, _manifest.LargestOrganisation, _manifest.LargestOrganisationYear.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return report.Value?.Tables.Count ?? throw new InvalidOperationException($"Indicators refused: {report.Status}");
    }
}
