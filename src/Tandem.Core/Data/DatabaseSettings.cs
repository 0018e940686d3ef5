using System.Data.Common;
using System.Net;
using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace Tandem.Core.Data;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

/// <summary>How the context reaches its database; shared by the app, the tests and the design-time factories.</summary>
public static class TandemDatabase
{
    public const string SqliteMigrationsAssembly = "Tandem.Migrations.Sqlite";
    public const string PostgresMigrationsAssembly = "Tandem.Migrations.Postgres";

    public static DatabaseProvider ParseProvider(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" or "sqlite" => DatabaseProvider.Sqlite,
        "postgres" or "postgresql" or "npgsql" => DatabaseProvider.Postgres,
        _ => throw new InvalidOperationException($"Unknown database provider '{value}': use 'sqlite' or 'postgres'."),
    };

    /// <summary>
    /// The provider, its migrations, its compiled model and its options. EF Core compares the model with the last
    /// migration's at every migration (a tenth of a second of the start on SQLite); <c>Foundation/DatabaseTests</c> makes
    /// that check on both providers in every test run instead, so the start does not.
    /// </summary>
    /// <param name="compiledModel">
    /// Whether to use the model compiled into the provider's migrations assembly (<c>./migrations.sh</c> generates it)
    /// rather than build it from the configurations at the first use of a context: building it took a second of the
    /// start on a new SQLite database here (issue 8). The design-time factories build it, since they generate it.
    /// </param>
    public static DbContextOptionsBuilder Configure(DbContextOptionsBuilder builder, DatabaseProvider provider, string connectionString, bool compiledModel = true)
    {
        if (compiledModel && CompiledModel(provider) is { } model)
        {
            builder.UseModel(model);
        }

        return WithProvider(builder, provider, connectionString)
            .ConfigureWarnings(w => w.Ignore(Microsoft.EntityFrameworkCore.Diagnostics.RelationalEventId.PendingModelChangesWarning));
    }

    private static readonly Lazy<IModel?> SqliteModel = new(() => FindCompiledModel(SqliteMigrationsAssembly));
    private static readonly Lazy<IModel?> PostgresModel = new(() => FindCompiledModel(PostgresMigrationsAssembly));

    /// <summary>The provider's compiled model, or null when its migrations assembly holds none (it is then built at first use).</summary>
    public static IModel? CompiledModel(DatabaseProvider provider) =>
        provider == DatabaseProvider.Sqlite ? SqliteModel.Value : PostgresModel.Value;

    /// <summary>
    /// Found as EF Core finds one beside a context: through the assembly's <see cref="DbContextModelAttribute"/>, whose
    /// model type has a static <c>Instance</c>. Here it is the migrations assembly, one per provider, which EF Core
    /// also loads by name.
    /// </summary>
    private static IModel? FindCompiledModel(string assemblyName)
    {
        Assembly assembly;
        try
        {
            assembly = Assembly.Load(assemblyName);
        }
        catch (FileNotFoundException)
        {
            return null;
        }

        var modelType = assembly.GetCustomAttributes<DbContextModelAttribute>().SingleOrDefault(a => a.ContextType == typeof(TandemDbContext))?.ModelType;
        return modelType?.GetProperty("Instance", BindingFlags.Public | BindingFlags.Static)?.GetValue(null) as IModel;
    }

    private static DbContextOptionsBuilder WithProvider(DbContextOptionsBuilder builder, DatabaseProvider provider, string connectionString) =>
        provider switch
        {
            DatabaseProvider.Sqlite => builder.UseSqlite(connectionString, o => o.MigrationsAssembly(SqliteMigrationsAssembly)).AddInterceptors(SqliteBusyTimeout.Instance),
            DatabaseProvider.Postgres => builder.UseNpgsql(WithPreparedStatements(connectionString), o =>
            {
                o.UseNodaTime();
                o.MigrationsAssembly(PostgresMigrationsAssembly);

                // Npgsql's default strategy wraps what it deems transient (a deadlock, say) in an
                // InvalidOperationException. Two bookings racing for one slot can deadlock on the exclusion
                // constraint, each waiting for the other's row: the loser must see the DbUpdateException every
                // handler treats as "taken meanwhile" (409), not a 500. Nothing is retried behind the caller's back.
                o.ExecutionStrategy(dependencies => new NonRetryingExecutionStrategy(dependencies));
            }),
        };

    /// <summary>
    /// Applies the migrations the database lacks, and does nothing more when it lacks none. EF Core's own
    /// <c>MigrateAsync</c> builds the model of its history table and the script that would create it at every call,
    /// even with nothing to apply: 0.3 s of each start on an existing SQLite database here (issue 8, start-up). The
    /// history is read first (two statements); when every migration of this build is in it, that is all. An empty
    /// SQLite database is created from the migrations' script (<see cref="CreateFromScriptAsync"/>). Otherwise EF Core
    /// migrates as usual, under its lock, so instances starting together still apply each migration once.
    /// </summary>
    public static async Task MigrateAsync(DbContext db, CancellationToken ct = default)
    {
        if (!await LacksMigrationsAsync(db, ct))
        {
            return;
        }

        if (await CreateFromScriptAsync(db, ct) && !await LacksMigrationsAsync(db, ct))
        {
            return;
        }

        await db.Database.MigrateAsync(ct);
    }

    /// <summary>The script of every SQLite migration, embedded in their assembly (written by <c>./migrations.sh</c>).</summary>
    public const string SqliteScript = "Schema.sql";

    /// <summary>
    /// Creates an empty SQLite database by running the script of its migrations (<c>dotnet ef migrations script</c>,
    /// which records each one in the history as it goes): EF Core's migrator built the target model of each of the
    /// nineteen migrations and the SQL of each, a second of CPU on a new database, where the script takes a few
    /// milliseconds (issue 8, start-up). Answers false, having done nothing, for any database that is not SQLite or
    /// not empty. A migration added since the script was written is applied by EF Core afterwards.
    /// </summary>
    public static async Task<bool> CreateFromScriptAsync(DbContext db, CancellationToken ct = default)
    {
        if (!db.Database.IsSqlite())
        {
            return false;
        }

        await db.Database.OpenConnectionAsync(ct);
        try
        {
            var connection = db.Database.GetDbConnection();
            if (await CountAsync(connection, "SELECT COUNT(*) FROM sqlite_master", ct) != 0)
            {
                return false;
            }

            await using var resource = db.GetService<Microsoft.EntityFrameworkCore.Migrations.IMigrationsAssembly>().Assembly.GetManifestResourceStream(SqliteScript);
            if (resource is null)
            {
                return false;
            }

            using var text = new StreamReader(resource);
            await using var command = connection.CreateCommand();
            command.CommandText = await text.ReadToEndAsync(ct);
            await command.ExecuteNonQueryAsync(ct);
            return true;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>Whether a migration of this build is missing from the database's history (or the history itself).</summary>
    public static async Task<bool> LacksMigrationsAsync(DbContext db, CancellationToken ct = default)
    {
        var applied = new HashSet<string>(StringComparer.Ordinal);
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            var connection = db.Database.GetDbConnection();
            var history = db.Database.IsNpgsql()
                ? $"SELECT COUNT(*) FROM pg_catalog.pg_class WHERE oid = to_regclass('\"{HistoryTable}\"')"
                : $"SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '{HistoryTable}'";
            if (await CountAsync(connection, history, ct) == 0)
            {
                return true;
            }

            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT \"MigrationId\" FROM \"{HistoryTable}\"";
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                applied.Add(reader.GetString(0));
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        return !db.GetService<Microsoft.EntityFrameworkCore.Migrations.IMigrationsAssembly>().Migrations.Keys.All(applied.Contains);
    }

    private static async Task<long> CountAsync(DbConnection connection, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>EF Core's history table, under its default name (the options never name another).</summary>
    private const string HistoryTable = "__EFMigrationsHistory";

    /// <summary>
    /// Why a PostgreSQL connection string would send data in clear over a network, or null when it would not
    /// (ASVS 12.3.1): a server on another machine must be reached with <c>SSL Mode=Require</c> at least
    /// (<c>VerifyFull</c> also checks who answers). Loopback addresses and Unix sockets never leave the machine.
    /// Npgsql's default, <c>Prefer</c>, quietly falls back to clear text when the server offers no TLS.
    /// </summary>
    public static string? PlaintextRisk(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var hosts = (builder.Host ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (hosts.All(IsLocal) || builder.SslMode is SslMode.Require or SslMode.VerifyCA or SslMode.VerifyFull)
        {
            return null;
        }

        return $"the PostgreSQL server {string.Join(", ", hosts.Where(h => !IsLocal(h)))} is on another machine and the connection string allows clear text (SSL Mode={builder.SslMode}): "
            + "add SSL Mode=VerifyFull (or Require), or set Tandem__Database__AllowPlaintext=true if the network between them is itself protected.";
    }

    /// <summary>A Unix socket, <c>localhost</c> or a loopback address, with or without a port (<c>[::1]:5432</c>, <c>127.0.0.1:5433</c>).</summary>
    private static bool IsLocal(string host)
    {
        if (host.StartsWith('/'))
        {
            return true;
        }

        var name = IPAddress.TryParse(host.Trim('[', ']'), out _) ? host.Trim('[', ']')
            : host.StartsWith('[') ? host[1..host.IndexOf(']', StringComparison.Ordinal)]
            : host.Split(':')[0];
        return string.Equals(name, "localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(name, out var address) && IPAddress.IsLoopback(address));
    }

    /// <summary>The number of statements each pooled PostgreSQL connection keeps prepared, unless the connection string says otherwise.</summary>
    public const int PreparedStatementsPerConnection = 64;

    /// <summary>
    /// The statements the app runs again and again are prepared on each pooled connection once
    /// they have run a few times (Npgsql's automatic preparation): PostgreSQL then neither parses
    /// nor plans them again, which was most of its work on the person's space. A connection string
    /// that sets <c>Max Auto Prepare</c> keeps its own value (0 turns it off).
    /// </summary>
    public static string WithPreparedStatements(string connectionString)
    {
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString };
        if (given.Keys.Cast<string>().Any(k => string.Equals(k.Replace(" ", string.Empty, StringComparison.Ordinal), "MaxAutoPrepare", StringComparison.OrdinalIgnoreCase)))
        {
            return connectionString;
        }

        return new NpgsqlConnectionStringBuilder(connectionString) { MaxAutoPrepare = PreparedStatementsPerConnection }.ConnectionString;
    }
}
