using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tandem.Core.Data;
using Tandem.Web.Tests.Support;

namespace Tandem.Web.Tests.Foundation;

public abstract class DatabaseTests(AppFixture fixture) : AppTests(fixture)
{
    [Fact]
    public async Task Model_AfterStartup_HasNoPendingChangesAndNoPendingMigrations()
    {
        await using var scope = App.Scope();
        var db = scope.ServiceProvider.GetRequiredService<TandemDbContext>();
        Assert.False(db.Database.HasPendingModelChanges(), "the model differs from this provider's migrations: run ./migrations.sh");
        Assert.Empty(await db.Database.GetPendingMigrationsAsync(TestContext.Current.CancellationToken));
        Assert.Equal(Fixture.Provider == DatabaseProvider.Postgres, db.Database.IsNpgsql());
    }

    [Fact]
    public async Task Healthz_WhenDatabaseAnswers_ReturnsOk()
    {
        using var client = App.CreateApiClient();
        var response = await client.GetAsync(new Uri("/healthz", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ok", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task AuditHead_AtStart_IsWrittenToTheLogForAnchoring()
    {
        await using var scope = App.Scope();
        var head = await scope.ServiceProvider.GetRequiredService<Tandem.Core.Security.Audit.AuditTrail>().HeadAsync(TestContext.Current.CancellationToken);

        // The job runs in the background as the app starts: it has a few seconds to write it.
        bool Written() => App.Logs.Lines.Any(l => l.Contains("Audit chain head: sequence", StringComparison.Ordinal));
        for (var waited = 0; !Written() && waited < 100; waited++)
        {
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        Assert.Contains(App.Logs.Lines, l => l.Contains("Audit chain head: sequence", StringComparison.Ordinal));
        Assert.True(head is null || head.Hash.Length == 64);
    }

    [Fact]
    public async Task Roles_AfterMigration_AreAllPresent()
    {
        await using var scope = App.Scope();
        var db = scope.ServiceProvider.GetRequiredService<TandemDbContext>();
        var names = await db.Roles.Select(r => r.Name).ToListAsync(TestContext.Current.CancellationToken);
        Assert.Equal(Tandem.Core.Security.Roles.All.Order(), names.Order()!);
    }

    [Fact]
    public async Task DataProtectionKeys_AfterASignIn_AreKeptInTheDatabase_SealedWithTheMasterKey()
    {
        var staff = await App.CreateStaffAsync(Tandem.Core.Security.Roles.Coordinator);
        using var pages = await App.PagesAsAsync(staff);
        await using var scope = App.Scope();
        var db = scope.ServiceProvider.GetRequiredService<TandemDbContext>();
        var keys = await db.DataProtectionKeys.Select(k => k.Xml).ToListAsync(TestContext.Current.CancellationToken);
        Assert.NotEmpty(keys);

        // The key itself (<masterKey>, in clear without an encryptor) is never stored: a copy of the database forges no session.
        Assert.All(keys, xml =>
        {
            Assert.Contains("<sealedWithMasterKey masterKey=", xml, StringComparison.Ordinal);
            Assert.DoesNotContain("<masterKey", xml, StringComparison.Ordinal);
            Assert.DoesNotContain("<value>", xml, StringComparison.Ordinal);
        });
    }
}

public sealed class DatabaseTestsOnSqlite(SqliteFixture fixture) : DatabaseTests(fixture), IClassFixture<SqliteFixture>;

public sealed class DatabaseTestsOnPostgres(PostgresFixture fixture) : DatabaseTests(fixture), IClassFixture<PostgresFixture>
{
    [Fact]
    public async Task AStatementRunAgainAndAgain_IsPreparedOnItsConnection_SoPostgresPlansItOnce()
    {
        await using var scope = App.Scope();
        var db = scope.ServiceProvider.GetRequiredService<TandemDbContext>();
        await db.Database.OpenConnectionAsync(TestContext.Current.CancellationToken);
        try
        {
            for (var i = 0; i < 6; i++)
            {
                await db.Roles.CountAsync(r => r.Name != "nobody", TestContext.Current.CancellationToken);
            }

            var prepared = await db.Database.SqlQueryRaw<string>("SELECT statement AS \"Value\" FROM pg_prepared_statements").ToListAsync(TestContext.Current.CancellationToken);
            Assert.Contains(prepared, statement => statement.Contains("count(*)", StringComparison.OrdinalIgnoreCase) && statement.Contains("nobody", StringComparison.Ordinal));
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
