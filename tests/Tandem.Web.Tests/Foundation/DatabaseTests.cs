using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
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
    public async Task CompiledModel_IsTheModelTheConfigurationsBuild_AndTheAppUsesIt()
    {
        var compiled = TandemDatabase.CompiledModel(Fixture.Provider);
        Assert.NotNull(compiled);

        // A raw query of a type the model does not map adds an ad-hoc entity type to the model in use: not a difference.
        await using (var adHoc = App.Scope())
        {
            await adHoc.ServiceProvider.GetRequiredService<TandemDbContext>().Database.SqlQueryRaw<AdHocRow>("SELECT 1 AS \"Number\"").ToListAsync(TestContext.Current.CancellationToken);
        }

        var options = new DbContextOptionsBuilder<TandemDbContext>();
        TandemDatabase.Configure(options, Fixture.Database.Provider, Fixture.Database.ConnectionString, compiledModel: false);
        await using var built = new TandemDbContext(options.Options);
        Assert.False(built.Model.GetType() == compiled.GetType(), "the comparison needs a model built from the configurations");
        var expected = WithoutAdHocTypes(built.Model.ToDebugString(Microsoft.EntityFrameworkCore.Infrastructure.MetadataDebugStringOptions.LongDefault));
        var actual = WithoutAdHocTypes(compiled.ToDebugString(Microsoft.EntityFrameworkCore.Infrastructure.MetadataDebugStringOptions.LongDefault));
        var differs = Enumerable.Range(0, Math.Max(expected.Length, actual.Length)).FirstOrDefault(i => expected.ElementAtOrDefault(i) != actual.ElementAtOrDefault(i), -1);
        Assert.True(
            differs < 0,
            $"the compiled model is not the model the code builds: run ./migrations.sh --compiled-models (line {differs + 1}: built \"{expected.ElementAtOrDefault(differs)?.Trim()}\", compiled \"{actual.ElementAtOrDefault(differs)?.Trim()}\")");

        await using var scope = App.Scope();
        Assert.Same(compiled.GetType(), scope.ServiceProvider.GetRequiredService<TandemDbContext>().Model.GetType());
    }

    /// <summary>
    /// The model's lines but its ad-hoc entity types: EF Core adds one to the model in use, at run time, for each
    /// type a raw SQL query returns (<c>SqlQuery&lt;T&gt;</c>), so they depend on which tests ran before, not on the configurations.
    /// </summary>
    private sealed record AdHocRow(int Number);

    private static string[] WithoutAdHocTypes(string debugView)
    {
        var lines = debugView.Split('\n');
        var start = Array.FindIndex(lines, l => l.Trim() == "Ad-hoc entity types:");
        if (start < 0)
        {
            return lines;
        }

        static int Indent(string line) => line.Length - line.TrimStart().Length;
        var end = start + 1;
        while (end < lines.Length && Indent(lines[end]) > Indent(lines[start]))
        {
            end++;
        }

        return [.. lines[..start], .. lines[end..]];
    }

    [Fact]
    public async Task Migrating_ADatabaseThatLacksAMigration_AppliesIt_AndAnUpToDateOne_IsOnlyRead()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var database = await TestDatabase.CreateAsync(Fixture.Provider);
        var commands = new CommandLog();
        var options = TandemDatabase.Configure(new DbContextOptionsBuilder<TandemDbContext>(), Fixture.Provider, database.ConnectionString).AddInterceptors(commands).Options;
        await using var db = new TandemDbContext((DbContextOptions<TandemDbContext>)options);

        // Empty: no history at all.
        Assert.True(await TandemDatabase.LacksMigrationsAsync(db, ct));

        // Every migration but the last, as a database left by the previous version.
        var migrations = db.Database.GetMigrations().ToList();
        await db.GetService<IMigrator>().MigrateAsync(migrations[^2], cancellationToken: ct);
        Assert.Equal([migrations[^1]], await db.Database.GetPendingMigrationsAsync(ct));
        Assert.True(await TandemDatabase.LacksMigrationsAsync(db, ct));

        await TandemDatabase.MigrateAsync(db, ct);
        Assert.Empty(await db.Database.GetPendingMigrationsAsync(ct));
        Assert.False(await TandemDatabase.LacksMigrationsAsync(db, ct));

        // Up to date, the start only reads the history: EF Core's migrator, which would take its lock and write the
        // script creating the history table, runs no command. It does when called itself, as the start used to.
        var before = commands.Count;
        await TandemDatabase.MigrateAsync(db, ct);
        Assert.Equal(before, commands.Count);
        await db.Database.MigrateAsync(ct);
        Assert.True(commands.Count > before, "EF Core's migrator ran no command: the check above proves nothing");
    }

    /// <summary>Counts the commands EF Core runs for a context (not those run on its connection directly).</summary>
    protected sealed class CommandLog : Microsoft.EntityFrameworkCore.Diagnostics.DbCommandInterceptor
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public override System.Data.Common.DbCommand CommandCreated(Microsoft.EntityFrameworkCore.Diagnostics.CommandEndEventData eventData, System.Data.Common.DbCommand result)
        {
            Interlocked.Increment(ref _count);
            return result;
        }
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
    public async Task Start_WithServicesStartingTogether_LoadsTheKeyRingAfterTheMigrations_NotBefore()
    {
        // Data Protection's own hosted service would read the key ring (in the database) while the migrations run;
        // it is removed, and StartupTasks reads it once they ran. A renamed type in a later .NET fails here.
        var hosted = App.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().Select(s => s.GetType()).ToList();
        Assert.Contains(hosted, t => t.Name == "StartupTasks");
        Assert.DoesNotContain(hosted, t => t.Name == Tandem.Web.Hosting.Pipeline.KeyRingLoaderName);
        Assert.Contains(AppDomain.CurrentDomain.GetAssemblies().SelectMany(a => a.GetName().Name == "Microsoft.AspNetCore.DataProtection" ? a.GetTypes() : []),
            t => t.Name == Tandem.Web.Hosting.Pipeline.KeyRingLoaderName && typeof(Microsoft.Extensions.Hosting.IHostedService).IsAssignableFrom(t));
        Assert.True(App.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Microsoft.Extensions.Hosting.HostOptions>>().Value.ServicesStartConcurrently);

        // It is loaded once the server listens (issue 8, start-up).
        await App.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<Tandem.Web.Hosting.StartupTasks>().Single()
            .KeyRingLoaded.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        await using var scope = App.Scope();
        var db = scope.ServiceProvider.GetRequiredService<TandemDbContext>();
        Assert.NotEmpty(await db.DataProtectionKeys.ToListAsync(TestContext.Current.CancellationToken));
        Assert.DoesNotContain(App.Logs.Lines, l => l.Contains("key ring", StringComparison.OrdinalIgnoreCase) && l.Contains("fail", StringComparison.OrdinalIgnoreCase));
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

public sealed class DatabaseTestsOnSqlite(SqliteFixture fixture) : DatabaseTests(fixture), IClassFixture<SqliteFixture>
{
    [Fact]
    public async Task ANewDatabase_IsCreatedFromTheMigrationsScript_AsTheMigrationsCreateIt()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var scripted = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var migrated = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var commands = new CommandLog();
        await using var fromScript = Context(scripted, commands);
        await using var fromMigrations = Context(migrated, null);

        await TandemDatabase.MigrateAsync(fromScript, ct);
        Assert.True(commands.Count == 0, "EF Core's migrator ran after the script: it lacks a migration; run ./migrations.sh --compiled-models");
        await fromMigrations.Database.MigrateAsync(ct);

        var expected = await SchemaAsync(fromMigrations, ct);
        var actual = await SchemaAsync(fromScript, ct);
        Assert.True(expected.Count > 100, "The migrations created next to nothing: the comparison proves nothing.");
        Assert.Equal(expected, actual);

        // Not empty any more: the script is not run on it again.
        Assert.False(await TandemDatabase.CreateFromScriptAsync(fromScript, ct));
    }

    private static TandemDbContext Context(TestDatabase database, CommandLog? commands)
    {
        var options = TandemDatabase.Configure(new DbContextOptionsBuilder<TandemDbContext>(), DatabaseProvider.Sqlite, database.ConnectionString);
        return new TandemDbContext((DbContextOptions<TandemDbContext>)(commands is null ? options : options.AddInterceptors(commands)).Options);
    }

    /// <summary>Every table, index and trigger with its SQL, the migrations recorded, and each table's number of rows.</summary>
    private static async Task<List<string>> SchemaAsync(TandemDbContext db, CancellationToken ct)
    {
        var lines = new List<string>();
        var tables = new List<string>();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            var connection = db.Database.GetDbConnection();
            await using (var command = connection.CreateCommand())
            {
                // EF Core's migrator also leaves its (empty) lock table, which the script has no use for.
                command.CommandText = "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name <> '__EFMigrationsLock' AND tbl_name <> '__EFMigrationsLock' ORDER BY type, name";
                await using var reader = await command.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    lines.Add($"{reader.GetString(0)} {reader.GetString(1)} on {reader.GetString(2)}: {(reader.IsDBNull(3) ? "" : reader.GetString(3))}");
                    if (reader.GetString(0) == "table")
                    {
                        tables.Add(reader.GetString(1));
                    }
                }
            }

            await using (var command = connection.CreateCommand())
            {
                command.CommandText = "SELECT \"MigrationId\" FROM \"__EFMigrationsHistory\" ORDER BY 1";
                await using var reader = await command.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    lines.Add($"migration {reader.GetString(0)}");
                }
            }

            foreach (var table in tables)
            {
                await using var command = connection.CreateCommand();
                command.CommandText = $"SELECT COUNT(*) FROM \"{table}\"";
                lines.Add($"rows of {table}: {await command.ExecuteScalarAsync(ct)}");
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        return lines;
    }
}

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
