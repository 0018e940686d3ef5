using Tandem.Core.Data;

namespace Tandem.Web.Tests.Support;

/// <summary>One app on one fresh database per test class and provider (jbogard's SliceFixture, per provider).</summary>
public abstract class AppFixture(DatabaseProvider provider) : IAsyncLifetime
{
    private TestDatabase? _database;
    private TandemApp? _app;

    public DatabaseProvider Provider { get; } = provider;

    public bool Available => _app is not null;

    public TandemApp App => _app ?? throw new InvalidOperationException("The fixture is not available.");

    public TestDatabase Database => _database ?? throw new InvalidOperationException("The fixture is not available.");

    public async ValueTask InitializeAsync()
    {
        if (Provider == DatabaseProvider.Postgres && TestDatabase.PostgresAdminConnection is null)
        {
            return;
        }

        _database = await TestDatabase.CreateAsync(Provider);
        _app = new TandemApp(_database);
        _ = _app.Server;
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }
}

public sealed class SqliteFixture() : AppFixture(DatabaseProvider.Sqlite);

public sealed class PostgresFixture() : AppFixture(DatabaseProvider.Postgres);

/// <summary>Base of the tests that run on both databases: each concrete class names its fixture.</summary>
public abstract class AppTests(AppFixture fixture)
{
    protected AppFixture Fixture { get; } = fixture;

    protected TandemApp App
    {
        get
        {
            if (!Fixture.Available)
            {
                Assert.Skip($"PostgreSQL is not available: set {TestDatabase.PostgresVariable} (./test.sh does).");
            }

            return Fixture.App;
        }
    }
}
