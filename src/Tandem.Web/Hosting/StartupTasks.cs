using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using Tandem.Core.Demo;
using Tandem.Core.Staff;

namespace Tandem.Web.Hosting;

/// <summary>
/// Runs before the server accepts requests: applies migrations, seeds the demo when
/// asked, and once listening seals TOTP secrets an earlier version left in clear and
/// prints the first administrator's set-up link if needed.
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

        // TOTP secrets stored in clear by a version before they were sealed are sealed once the server listens, off the
        // start's path: until then each is still read as it is.
        lifetime.ApplicationStarted.Register(() => _ = SealTotpSecretsAsync());

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

    private async Task SealTotpSecretsAsync()
    {
        try
        {
            await using var scope = services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<TotpSecrets>().SealAllAsync(scope.ServiceProvider.GetRequiredService<Tandem.Core.Data.TandemDbContext>(), lifetime.ApplicationStopping);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogSealingFailed(logger, ex);
        }
    }

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

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not seal the TOTP secrets left in clear by an earlier version")]
    private static partial void LogSealingFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not issue the set-up link")]
    private static partial void LogSetupLinkFailed(ILogger logger, Exception exception);
}
