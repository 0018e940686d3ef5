using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using Tandem.Core.Demo;
using Tandem.Core.Security.Audit;
using Tandem.Core.Staff;

namespace Tandem.Web.Hosting;

/// <summary>
/// Runs before the server accepts requests: applies migrations, seeds the demo when
/// asked, and once listening prints the first administrator's set-up link if needed.
/// </summary>
internal sealed partial class StartupTasks(
    IServiceProvider services,
    IConfiguration configuration,
    IHostApplicationLifetime lifetime,
    IServer server,
    IOptions<TandemOptions> options,
    DataLocation data,
    ILogger<StartupTasks> logger) : IHostedService
{
    public const string PrintSetupLinkKey = "Tandem:PrintSetupLink";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // Fail now, not at the first request, when the master key is missing or malformed.
        _ = services.GetRequiredService<Tandem.Core.Security.Encryption.MasterKeys>();
        await DatabaseHosting.MigrateAsync(services, cancellationToken);
        LogMigrated(logger, data.Provider.ToString());

        if (configuration.GetValue<bool>(StartupFlags.SeedDemoKey))
        {
            await using var scope = services.CreateAsyncScope();
            var seeded = await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync(data.Directory, cancellationToken);
            if (seeded is null)
            {
                throw new StartupRefusedException("--seed-demo refuses to run: the database already holds accounts. Use an empty data directory or database.");
            }

            Console.WriteLine($"Demo data created: {seeded.Count} accounts written to {Path.Combine(data.Directory, DemoSeeder.AccountsFileName)}");
        }

        if (configuration.GetValue(PrintSetupLinkKey, true))
        {
            lifetime.ApplicationStarted.Register(() => _ = PrintSetupLinkAsync());
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task PrintSetupLinkAsync()
    {
        try
        {
            await using var scope = services.CreateAsyncScope();
            var token = await scope.ServiceProvider.GetRequiredService<FirstAdministratorSetup>().IssueLinkIfNeededAsync(lifetime.ApplicationStopping);
            if (token is null)
            {
                return;
            }

            var baseUrl = options.Value.PublicBaseUrl
                ?? server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()?.Replace("127.0.0.1", "localhost", StringComparison.Ordinal)
                ?? "http://localhost:5080";

            // Written to the console only, never through the logger: the link is a secret.
            Console.WriteLine();
            Console.WriteLine("No administrator yet. Create the first one with this single-use link (valid 24 hours):");
            Console.WriteLine($"  {PublicLinks.Setup(baseUrl, token)}");
            Console.WriteLine();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogSetupLinkFailed(logger, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Database ready ({Provider}), migrations applied")]
    private static partial void LogMigrated(ILogger logger, string provider);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not issue the set-up link")]
    private static partial void LogSetupLinkFailed(ILogger logger, Exception exception);
}

/// <summary>Writes the head of the audit chain to the log every hour, so it can be anchored outside the database.</summary>
internal sealed partial class AuditHeadLogger(IServiceProvider services, TimeProvider time, ILogger<AuditHeadLogger> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        do
        {
            try
            {
                await using var scope = services.CreateAsyncScope();
                var head = await scope.ServiceProvider.GetRequiredService<AuditTrail>().HeadAsync(stoppingToken);
                LogHead(logger, head?.Sequence ?? 0, head?.Hash ?? AuditCanonicalForm.GenesisHash);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogHeadFailed(logger, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Audit chain head: sequence {Sequence}, hash {Hash}")]
    private static partial void LogHead(ILogger logger, long sequence, string hash);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read the audit chain head")]
    private static partial void LogHeadFailed(ILogger logger, Exception exception);
}

/// <summary>
/// Forgets the phone numbers given for interviews that are over, every quarter of an hour.
/// The update is idempotent, so every instance may run it.
/// </summary>
internal sealed partial class AppointmentHousekeeping(IServiceProvider services, TimeProvider time, ILogger<AppointmentHousekeeping> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(15), time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var scope = services.CreateAsyncScope();
                var cleared = await scope.ServiceProvider.GetRequiredService<Tandem.Core.Scheduling.Booking>().ForgetPastCallbackNumbersAsync(stoppingToken);
                LogCleared(logger, cleared);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFailed(logger, ex);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Forgot {Count} callback numbers of past interviews")]
    private static partial void LogCleared(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not forget past callback numbers")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}

/// <summary>
/// Deletes what the retention period allows, shortly after start and then every few hours, on
/// every instance: the deletion is idempotent, so two instances running it at once delete once.
/// </summary>
internal sealed partial class RetentionWorker(IServiceProvider services, Tandem.Core.Cases.RetentionSettings settings, ILogger<RetentionWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(TimeSpan.FromMinutes(1), stoppingToken);
            using var timer = new PeriodicTimer(TimeSpan.FromHours(Math.Max(1, settings.EveryHours)));
            do
            {
                try
                {
                    await using var scope = services.CreateAsyncScope();
                    var (requests, spaces) = await scope.ServiceProvider.GetRequiredService<Tandem.Core.Cases.Retention>().PurgeAsync(stoppingToken);
                    LogPurged(logger, requests, spaces);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogFailed(logger, ex.GetType().Name);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention: {Requests} requests and {Spaces} spaces deleted")]
    private static partial void LogPurged(ILogger logger, int requests, int spaces);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Retention run failed: {Error}")]
    private static partial void LogFailed(ILogger logger, string error);
}
