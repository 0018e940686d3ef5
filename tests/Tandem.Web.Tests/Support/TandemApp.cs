using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using NodaTime;
using NodaTime.Testing;
using Tandem.Core.Data;

namespace Tandem.Web.Tests.Support;

/// <summary>
/// The whole app on one test database, with a fake clock and captured logs. Several
/// instances may share a database, like several servers behind a load balancer.
/// </summary>
public sealed class TandemApp : WebApplicationFactory<Program>
{
    private readonly TestDatabase _database;
    private readonly IReadOnlyDictionary<string, string?> _settings;
    private readonly bool _kestrel;

    public TandemApp(TestDatabase database, FakeClock? clock = null, IReadOnlyDictionary<string, string?>? settings = null, bool kestrel = false)
    {
        _database = database;
        _settings = settings ?? new Dictionary<string, string?>();
        Clock = clock ?? new FakeClock(TestClock.Start());
        DataDirectory = Directory.CreateTempSubdirectory("tandem-data-").FullName;
        _kestrel = kestrel;
        if (kestrel)
        {
            UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        }
    }

    public FakeClock Clock { get; }

    public LogCapture Logs { get; } = new();

    public string DataDirectory { get; }

    public DatabaseProvider Provider => _database.Provider;

    /// <summary>The real address when started with Kestrel (browser tests).</summary>
    public Uri ServerAddress
    {
        get
        {
            StartServer();
            var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return new Uri(address);
        }
    }

    public HttpClient CreateApiClient() => CreateClient(new WebApplicationFactoryClientOptions
    {
        AllowAutoRedirect = false,
        HandleCookies = false,
        BaseAddress = _kestrel ? ServerAddress : new Uri("http://localhost"),
    });

    /// <summary>A browser without JavaScript, on plain HTTP unless <paramref name="https"/> (as behind the TLS proxy of a real service).</summary>
    public PageClient CreatePageClient(bool https = false)
    {
        var cookies = new Microsoft.AspNetCore.Mvc.Testing.Handlers.CookieContainerHandler();
        return new PageClient(CreateDefaultClient(new Uri(https ? "https://localhost" : "http://localhost"), cookies), cookies.Container);
    }

    public AsyncServiceScope Scope() => Services.CreateAsyncScope();

    /// <summary>One query straight on this instance's database, in a scope of its own.</summary>
    public async Task<T> InDbAsync<T>(Func<TandemDbContext, Task<T>> query)
    {
        await using var scope = Scope();
        return await query(scope.ServiceProvider.GetRequiredService<TandemDbContext>());
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("Tandem:Database:Provider", _database.Provider == DatabaseProvider.Postgres ? "postgres" : "sqlite");
        builder.UseSetting("ConnectionStrings:Tandem", _database.ConnectionString);
        builder.UseSetting("Tandem:DataDirectory", DataDirectory);
        builder.UseSetting("Tandem:PrintSetupLink", "false");
        builder.UseSetting("Tandem:SignInRequestsPerMinute", "100000");
        builder.UseSetting("Tandem:AccessCodeAttemptsPerMinute", "100000");
        builder.UseSetting("Tandem:Intake:RequestsPerClientPerHour", "100000");
        builder.UseSetting("Tandem:Intake:RequestsPerHour", "100000");
        builder.UseSetting("Tandem:MasterKey", _database.MasterKey);
        builder.UseSetting("Tandem:Scheduling:VideoRoomTemplate", "https://visio.tandem.test/{room}");

        // Test classes share a database full of practitioners: list every slot so a test finds its own pair.
        builder.UseSetting("Tandem:Scheduling:MaxSlotsListed", "1000000");

        // The real SMTP server ./test.sh starts; without it no mail is sent (and the mail tests skip).
        if (TestMailbox.Server is { } smtp)
        {
            builder.UseSetting("Tandem:Mail:Host", smtp.Host);
            builder.UseSetting("Tandem:Mail:Port", smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
            builder.UseSetting("Tandem:Mail:Security", "none");
            builder.UseSetting("Tandem:Mail:PollSeconds", "1");
            builder.UseSetting("Tandem:Mail:CoordinationAddress", TestMailbox.CoordinationAddress);
            builder.UseSetting("Tandem:PublicBaseUrl", "https://tandem.test");
        }

        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<IClock>();
            services.AddSingleton<IClock>(Clock);
            services.RemoveAll<ILoggerProvider>();
            services.AddSingleton<ILoggerProvider>(Logs);
        });
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
