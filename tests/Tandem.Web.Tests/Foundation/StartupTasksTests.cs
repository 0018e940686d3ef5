using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.KeyManagement.Internal;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Tandem.Core.Data;
using Tandem.Web.Hosting;

namespace Tandem.Web.Tests.Foundation;

/// <summary>What the start does once the database is ready (<see cref="StartupTasks"/>).</summary>
public sealed class StartupTasksTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TheKeyRing_IsNotLoadedWhileTheServicesStart_ButOnceTheServerListens()
    {
        // The database is ready before the services start, as on an existing one: the key ring's first query used to
        // run right there and hold up the server's start (issue 8, start-up).
        var keyRing = new CountingKeyRingProvider();
        await using var services = new ServiceCollection().AddSingleton<IKeyRingProvider>(keyRing).BuildServiceProvider();
        var readiness = new DatabaseReadiness(() => Task.CompletedTask);
        await readiness.Begin();
        using var lifetime = new Lifetime();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new(StartupTasks.PrintSetupLinkKey, "false")]).Build();
        var tasks = new StartupTasks(services, readiness, configuration, lifetime, null!, Options.Create(new TandemOptions()),
            new DataLocation(Path.GetTempPath(), DatabaseProvider.Sqlite), NullLogger<StartupTasks>.Instance);

        await tasks.StartAsync(Ct).WaitAsync(TimeSpan.FromSeconds(10), Ct);
        Assert.Equal(0, keyRing.Loads);
        Assert.False(tasks.KeyRingLoaded.IsCompleted);

        lifetime.Started();
        await tasks.KeyRingLoaded.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        Assert.Equal(1, keyRing.Loads);
    }

    private sealed class CountingKeyRingProvider : IKeyRingProvider
    {
        private int _loads;

        public int Loads => Volatile.Read(ref _loads);

        public IKeyRing GetCurrentKeyRing()
        {
            Interlocked.Increment(ref _loads);
            return null!;
        }
    }

    private sealed class Lifetime : IHostApplicationLifetime, IDisposable
    {
        private readonly CancellationTokenSource _started = new();
        private readonly CancellationTokenSource _stopping = new();
        private readonly CancellationTokenSource _stopped = new();

        public CancellationToken ApplicationStarted => _started.Token;

        public CancellationToken ApplicationStopping => _stopping.Token;

        public CancellationToken ApplicationStopped => _stopped.Token;

        public void Started() => _started.Cancel();

        public void StopApplication() => _stopping.Cancel();

        public void Dispose()
        {
            _started.Dispose();
            _stopping.Dispose();
            _stopped.Dispose();
        }
    }
}
