using Microsoft.EntityFrameworkCore;
using Npgsql;
using Tandem.Core.Data;

namespace Tandem.Core.Tests;

public sealed class DatabaseSettingsTests
{
    [Fact]
    public void PostgresConnection_WithoutASetting_PreparesStatements_AndKeepsTheRest()
    {
        var given = "Host=db.internal;Port=5433;Username=tandem;Password=s3cret;Database=tandem;Maximum Pool Size=40";

        var used = new NpgsqlConnectionStringBuilder(TandemDatabase.WithPreparedStatements(given));

        Assert.Equal(TandemDatabase.PreparedStatementsPerConnection, used.MaxAutoPrepare);
        Assert.Equal(("db.internal", 5433, "tandem", "s3cret", "tandem", 40), (used.Host, used.Port, used.Username, used.Password, used.Database, used.MaxPoolSize));
    }

    [Theory]
    [InlineData("Host=db;Max Auto Prepare=0", 0)]
    [InlineData("Host=db;maxautoprepare=12", 12)]
    public void PostgresConnection_ThatSetsItsOwn_KeepsIt(string given, int expected)
    {
        Assert.Equal(given, TandemDatabase.WithPreparedStatements(given));
        Assert.Equal(expected, new NpgsqlConnectionStringBuilder(given).MaxAutoPrepare);
    }

    [Fact]
    public async Task SqliteConnection_LetsSQLiteWaitForTheWriteLock_AsLongAsItsDefaultTimeout()
    {
        var path = Path.Combine(Path.GetTempPath(), $"tandem-busy-{Guid.NewGuid():N}.db");
        try
        {
            var options = new DbContextOptionsBuilder<TandemDbContext>();
            TandemDatabase.Configure(options, DatabaseProvider.Sqlite, $"Data Source={path};Default Timeout=7;Pooling=False", compiledModel: false);
            await using var db = new TandemDbContext(options.Options);
            await db.Database.OpenConnectionAsync(TestContext.Current.CancellationToken);
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = "PRAGMA busy_timeout";

            Assert.Equal(7000L, await command.ExecuteScalarAsync(TestContext.Current.CancellationToken));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            File.Delete(path);
        }
    }

    [Fact]
    public void RuntimeRole_AnyName_StaysOneQuotedIdentifier_AndTheAuditChainIsReadAndAddOnly()
    {
        Assert.Equal("\"tandem_app\"", RuntimeRole.Quote("tandem_app"));
        Assert.Equal("\"x\"\"; DROP TABLE requests; --\"", RuntimeRole.Quote("x\"; DROP TABLE requests; --"));
        var statements = RuntimeRole.Statements("tandem_app");
        Assert.Contains("REVOKE UPDATE, DELETE, TRUNCATE ON \"audit_entries\" FROM \"tandem_app\"", statements);
        Assert.DoesNotContain(statements, s => s.Contains("CREATE", StringComparison.Ordinal) || s.Contains("ALL PRIVILEGES", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Host=127.0.0.1;Database=tandem")]
    [InlineData("Host=localhost;Database=tandem")]
    [InlineData("Host=::1;Database=tandem")]
    [InlineData("Host=/var/run/postgresql;Database=tandem")]
    [InlineData("Host=db.internal;Database=tandem;SSL Mode=Require")]
    [InlineData("Host=db.internal;Database=tandem;SSL Mode=VerifyFull")]
    public void PostgresConnection_OnThisMachineOrOverTls_IsNoPlaintextRisk(string given) =>
        Assert.Null(TandemDatabase.PlaintextRisk(given));

    [Theory]
    [InlineData("Host=db.internal;Database=tandem", "db.internal")]
    [InlineData("Host=db.internal;Database=tandem;SSL Mode=Prefer", "db.internal")]
    [InlineData("Host=10.0.0.5;Database=tandem;SSL Mode=Disable", "10.0.0.5")]
    [InlineData("Host=127.0.0.1,replica.internal:5433;Database=tandem", "replica.internal")]
    public void PostgresConnection_ToAnotherMachineWithoutTls_IsRefused_NamingTheServer(string given, string server)
    {
        var risk = TandemDatabase.PlaintextRisk(given);
        Assert.NotNull(risk);
        Assert.Contains(server, risk, StringComparison.Ordinal);
        Assert.Contains("SSL Mode=VerifyFull", risk, StringComparison.Ordinal);
        Assert.DoesNotContain("127.0.0.1", risk, StringComparison.Ordinal);
    }

    [Fact]
    public void PostgresContext_NeverWrapsADeadlockAsTransient_SoARacesLoserIsAConflict()
    {
        var options = new Microsoft.EntityFrameworkCore.DbContextOptionsBuilder<TandemDbContext>();
        TandemDatabase.Configure(options, DatabaseProvider.Postgres, "Host=127.0.0.1;Database=tandem");
        using var db = new TandemDbContext(options.Options);
        Assert.IsType<Microsoft.EntityFrameworkCore.Storage.NonRetryingExecutionStrategy>(db.Database.CreateExecutionStrategy());
    }
}
