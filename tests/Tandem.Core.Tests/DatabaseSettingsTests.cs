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
    public void RuntimeRole_AnyName_StaysOneQuotedIdentifier_AndTheAuditChainIsReadAndAddOnly()
    {
        Assert.Equal("\"tandem_app\"", RuntimeRole.Quote("tandem_app"));
        Assert.Equal("\"x\"\"; DROP TABLE requests; --\"", RuntimeRole.Quote("x\"; DROP TABLE requests; --"));
        var statements = RuntimeRole.Statements("tandem_app");
        Assert.Contains("REVOKE UPDATE, DELETE, TRUNCATE ON \"audit_entries\" FROM \"tandem_app\"", statements);
        Assert.DoesNotContain(statements, s => s.Contains("CREATE", StringComparison.Ordinal) || s.Contains("ALL PRIVILEGES", StringComparison.Ordinal));
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
