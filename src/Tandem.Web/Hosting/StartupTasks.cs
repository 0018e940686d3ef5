using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using Tandem.Core.Staff;

namespace Tandem.Web.Hosting;

/// <summary>
/// Starts with the other services (they start together): waits for the database to be ready
/// (<see cref="DatabaseReadiness"/>, begun as soon as the app is built), so that a failure stops the
/// start; and once listening loads the data-protection key ring from it, seals TOTP secrets an
/// earlier version left in clear and prints the first administrator's set-up link if needed.
/// </summary>
internal sealed partial class StartupTasks(
    IServiceProvider services,
    DatabaseReadiness readiness,
    IConfiguration configuration,
    IHostApplicationLifetime lifetime,
    IServer server,
    IOptions<TandemOptions> options,
    DataLocation data,
    ILogger<StartupTasks> logger) : IHostedService
{
    public const string PrintSetupLinkKey = "Tandem:PrintSetupLink";

    private readonly TaskCompletionSource _keyRingLoaded = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once the key ring was loaded after the start, or failed to be (the failure is logged).</summary>
    internal Task KeyRingLoaded => _keyRingLoaded.Task;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // A missing or malformed master key, a migration that fails or a demo refused stops the start here.
        await readiness.Begin().WaitAsync(cancellationToken);
        LogMigrated(logger, data.Provider.ToString());

        // Data Protection's own hosted service, which would load the key ring before the migrations, is removed
        // (Pipeline.AddTandem): it is loaded here once the server listens, so the first request that needs it seldom
        // waits for it. Not before (issue 8, start-up): the host starts the services one after another, so on an
        // existing database, ready by then, loading it here held up the server's start by 0.3-0.5 s; and after the
        // migrations of a new one, its first query shared the two processors with the endpoints being put together.
        lifetime.ApplicationStarted.Register(() => _ = Task.Run(LoadKeyRing));

        // TOTP secrets stored in clear by a version before they were sealed are sealed once the server listens, off the
        // start's path: until then each is still read as it is.
        lifetime.ApplicationStarted.Register(() => _ = SealTotpSecretsAsync());

        if (configuration.GetValue(PrintSetupLinkKey, true))
        {
            lifetime.ApplicationStarted.Register(() => _ = PrintSetupLinkAsync());
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void LoadKeyRing()
    {
        try
        {
            services.GetService<Microsoft.AspNetCore.DataProtection.KeyManagement.Internal.IKeyRingProvider>()?.GetCurrentKeyRing();
        }
        catch (Exception ex)
        {
            LogKeyRingFailed(logger, ex);
        }
        finally
        {
            _keyRingLoaded.SetResult();
        }
    }

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

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not load the data-protection key ring at start")]
    private static partial void LogKeyRingFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not seal the TOTP secrets left in clear by an earlier version")]
    private static partial void LogSealingFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not issue the set-up link")]
    private static partial void LogSetupLinkFailed(ILogger logger, Exception exception);
}
