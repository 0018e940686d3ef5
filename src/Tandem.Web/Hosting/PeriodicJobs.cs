using NodaTime;
using Tandem.Core.Common;
using Tandem.Core.Security.Audit;

namespace Tandem.Web.Hosting;

/// <summary>How often each instance asks whether a periodic job is due (<c>Tandem:Jobs</c>).</summary>
public sealed class JobSettings
{
    public int CheckSeconds { get; set; } = 60;
}

/// <summary>
/// A job that runs once per period across every instance on the database: each instance asks
/// at every check whether it is due, and only the one that claims it (<see cref="ScheduledJobs"/>)
/// runs it. A failure is logged by its kind only and the job waits for its next period.
/// </summary>
internal abstract partial class PeriodicJob(IServiceProvider services, JobSettings settings, ILogger logger) : BackgroundService
{
    protected abstract string Name { get; }

    protected abstract Duration Every { get; }

    /// <summary>How long after start the first check happens; by default one check interval.</summary>
    protected virtual TimeSpan FirstCheck => Interval;

    private TimeSpan Interval => TimeSpan.FromSeconds(Math.Max(1, settings.CheckSeconds));

    protected abstract Task RunAsync(IServiceProvider scoped, CancellationToken ct);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            if (!await services.GetRequiredService<DatabaseReadiness>().WaitAsync(stoppingToken))
            {
                return;
            }

            await Task.Delay(FirstCheck, stoppingToken);
            while (true)
            {
                try
                {
                    await using var scope = services.CreateAsyncScope();
                    if (await scope.ServiceProvider.GetRequiredService<ScheduledJobs>().TryStartAsync(Name, Every, stoppingToken))
                    {
                        await RunAsync(scope.ServiceProvider, stoppingToken);
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogFailed(logger, Name, ex.GetType().Name);
                }

                await Task.Delay(Interval, stoppingToken);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The {Job} job failed: {Error}")]
    private static partial void LogFailed(ILogger logger, string job, string error);
}

/// <summary>Writes the head of the audit chain to the log every hour, so it can be anchored outside the database.</summary>
internal sealed partial class AuditHeadLogger(IServiceProvider services, JobSettings settings, ILogger<AuditHeadLogger> logger) : PeriodicJob(services, settings, logger)
{
    protected override string Name => "audit-head";

    protected override Duration Every => Duration.FromHours(1);

    /// <summary>Soon after start, once the server listens, rather than on the start's path.</summary>
    protected override TimeSpan FirstCheck => TimeSpan.FromSeconds(2);

    protected override async Task RunAsync(IServiceProvider scoped, CancellationToken ct)
    {
        var head = await scoped.GetRequiredService<AuditTrail>().HeadAsync(ct);
        LogHead(logger, head?.Sequence ?? 0, head?.Hash ?? AuditCanonicalForm.GenesisHash);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Audit chain head: sequence {Sequence}, hash {Hash}")]
    private static partial void LogHead(ILogger logger, long sequence, string hash);
}

/// <summary>Forgets the phone numbers given for interviews that are over, every quarter of an hour.</summary>
internal sealed partial class AppointmentHousekeeping(IServiceProvider services, JobSettings settings, ILogger<AppointmentHousekeeping> logger) : PeriodicJob(services, settings, logger)
{
    protected override string Name => "callback-numbers";

    protected override Duration Every => Duration.FromMinutes(15);

    protected override async Task RunAsync(IServiceProvider scoped, CancellationToken ct)
    {
        var cleared = await scoped.GetRequiredService<Tandem.Core.Scheduling.Booking>().ForgetPastCallbackNumbersAsync(ct);
        LogCleared(logger, cleared);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Forgot {Count} callback numbers of past interviews")]
    private static partial void LogCleared(ILogger logger, int count);
}

/// <summary>Deletes what the retention period allows, and the staff sessions that are over, every few hours.</summary>
internal sealed partial class RetentionWorker(IServiceProvider services, JobSettings settings, Tandem.Core.Cases.RetentionSettings retention, ILogger<RetentionWorker> logger) : PeriodicJob(services, settings, logger)
{
    protected override string Name => "retention";

    protected override Duration Every => Duration.FromHours(Math.Max(1, retention.EveryHours));

    protected override async Task RunAsync(IServiceProvider scoped, CancellationToken ct)
    {
        var (requests, spaces) = await scoped.GetRequiredService<Tandem.Core.Cases.Retention>().PurgeAsync(ct);
        var sessions = await scoped.GetRequiredService<Tandem.Core.Staff.StaffSessionRegistry>().PurgeAsync(ct);
        LogPurged(logger, requests, spaces, sessions);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention: {Requests} requests, {Spaces} spaces and {Sessions} staff sessions that were over deleted")]
    private static partial void LogPurged(ILogger logger, int requests, int spaces, int sessions);
}

/// <summary>
/// Counts the month that just closed for every organisation whose indicators are agreed, once a day, so
/// that a quarter or a year is a read of its months. Nothing waits for it (a report counts what is
/// missing), so it starts a quarter of an hour after the instance and pauses between organisations.
/// </summary>
internal sealed partial class IndicatorMonthsKeeper(IServiceProvider services, JobSettings settings, ILogger<IndicatorMonthsKeeper> logger) : PeriodicJob(services, settings, logger)
{
    protected override string Name => "indicator-months";

    protected override Duration Every => Duration.FromHours(24);

    protected override TimeSpan FirstCheck => TimeSpan.FromMinutes(15);

    protected override async Task RunAsync(IServiceProvider scoped, CancellationToken ct)
    {
        var counted = await scoped.GetRequiredService<Tandem.Core.Indicators.IndicatorMonths>().KeepLastClosedMonthAsync(TimeSpan.FromMilliseconds(50), ct);
        LogCounted(logger, counted);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Indicators: the last closed month counted for {Count} organisations")]
    private static partial void LogCounted(ILogger logger, int count);
}
