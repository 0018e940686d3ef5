using Npgsql;
using Tandem.Core.Scheduling;

namespace Tandem.Web.Hosting;

/// <summary>
/// Several instances on one PostgreSQL database tell each other whose time changed
/// (<see cref="FreeTimeNotices"/>): this instance listens on the channel on a connection of its own,
/// outside the pool, and marks its <see cref="FreeTimeCache"/> for what the others announce; what this
/// instance commits is sent in batches through a pooled connection. A lost connection is opened again
/// after a pause; meanwhile the kept free time is read again whole every
/// <see cref="SchedulingSettings.UnheardFreeTimeSeconds"/>, and once listening again everyone is read
/// again, since something may have been missed. A send that fails is replaced by a notice for everyone.
/// Failures are logged by their kind only.
/// </summary>
internal sealed partial class FreeTimeListener(
    string connectionString, FreeTimeNotices notices, FreeTimeCache cache, DatabaseReadiness readiness, ILogger<FreeTimeListener> logger) : BackgroundService
{
    private static readonly TimeSpan Pause = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!await readiness.WaitAsync(stoppingToken))
        {
            return;
        }

        notices.Sending();
        await Task.WhenAll(ListenAsync(stoppingToken), SendAsync(stoppingToken));
    }

    private async Task ListenAsync(CancellationToken ct)
    {
        var listening = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, KeepAlive = 30 }.ConnectionString;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(listening);
                await connection.OpenAsync(ct);
                connection.Notification += (_, e) => Heard(e.Payload);
                await using (var listen = new NpgsqlCommand($"LISTEN {FreeTimeNotices.Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(ct);
                }

                notices.Hearing(true);
                while (true)
                {
                    await connection.WaitAsync(ct);
                }
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                notices.Hearing(false);
                LogNotListening(logger, ex.GetType().Name);
            }
            catch (Exception)
            {
                return;
            }

            try
            {
                await Task.Delay(Pause, ct);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private void Heard(string payload)
    {
        switch (notices.Read(payload))
        {
            case null:
                break;
            case { Count: 0 }:
                cache.ChangedAll();
                break;
            case var practitioners:
                cache.Changed(practitioners);
                break;
        }
    }

    private async Task SendAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                var payloads = await notices.NextAsync(ct);
                try
                {
                    await using var connection = new NpgsqlConnection(connectionString);
                    await connection.OpenAsync(ct);
                    await using var batch = new NpgsqlBatch(connection);
                    foreach (var payload in payloads)
                    {
                        batch.BatchCommands.Add(new NpgsqlBatchCommand("SELECT pg_notify($1, $2)")
                        {
                            Parameters = { new() { Value = FreeTimeNotices.Channel }, new() { Value = payload } },
                        });
                    }

                    await batch.ExecuteNonQueryAsync(ct);
                }
                catch (Exception ex) when (!ct.IsCancellationRequested)
                {
                    LogNotSent(logger, ex.GetType().Name);
                    notices.Resend();
                    await Task.Delay(Pause, ct);
                }
            }
            catch (Exception) when (ct.IsCancellationRequested)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Not hearing the other instances' changes of free time ({Error}); trying again shortly")]
    private static partial void LogNotListening(ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not tell the other instances of a change of free time ({Error}); trying again shortly")]
    private static partial void LogNotSent(ILogger logger, string error);
}
