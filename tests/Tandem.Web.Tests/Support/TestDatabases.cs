using Microsoft.Data.Sqlite;
using Npgsql;
using Tandem.Core.Data;

namespace Tandem.Web.Tests.Support;

/// <summary>A fresh, empty database of one provider, dropped when the fixture ends.</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string PostgresVariable = "TANDEM_TEST_POSTGRES";

    private readonly string? _postgresAdmin;
    private readonly string? _postgresName;
    private readonly string? _sqliteDirectory;

    private TestDatabase(DatabaseProvider provider, string connectionString, string? postgresAdmin, string? postgresName, string? sqliteDirectory)
    {
        Provider = provider;
        ConnectionString = connectionString;
        _postgresAdmin = postgresAdmin;
        _postgresName = postgresName;
        _sqliteDirectory = sqliteDirectory;
    }

    public DatabaseProvider Provider { get; }

    /// <summary>The master key every app instance on this database shares, as several servers would.</summary>
    public string MasterKey { get; } = Convert.ToBase64String(Tandem.Core.Security.Encryption.MasterKeys.Generate());

    public string ConnectionString { get; }

    /// <summary>The SQLite file (its -wal and -shm beside it); null on PostgreSQL.</summary>
    public string? SqliteFile => _sqliteDirectory is null ? null : Path.Combine(_sqliteDirectory, "tandem.db");

    public static string? PostgresAdminConnection => Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } cs ? cs : null;

    /// <summary>A fresh database, or the test is skipped when PostgreSQL is asked for and not available.</summary>
    public static Task<TestDatabase> CreateOrSkipAsync(DatabaseProvider provider)
    {
        if (provider == DatabaseProvider.Postgres && PostgresAdminConnection is null)
        {
            Assert.Skip($"PostgreSQL is not available: set {PostgresVariable} (./test.sh does).");
        }

        return CreateAsync(provider);
    }

    public static async Task<TestDatabase> CreateAsync(DatabaseProvider provider)
    {
        if (provider == DatabaseProvider.Sqlite)
        {
            var directory = Directory.CreateTempSubdirectory("tandem-test-").FullName;
            var cs = new SqliteConnectionStringBuilder { DataSource = Path.Combine(directory, "tandem.db"), DefaultTimeout = 30 }.ToString();
            return new TestDatabase(provider, cs, null, null, directory);
        }

        var admin = PostgresAdminConnection
            ?? throw new InvalidOperationException($"{PostgresVariable} is not set: run the tests through ./test.sh, which starts a throwaway PostgreSQL.");
        var name = "tandem_test_" + Guid.NewGuid().ToString("N")[..12];
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await command.ExecuteNonQueryAsync();
        }

        var builder = new NpgsqlConnectionStringBuilder(admin) { Database = name, MaxPoolSize = 20 };
        return new TestDatabase(provider, builder.ToString(), admin, name, null);
    }

    public async ValueTask DisposeAsync()
    {
        if (_postgresAdmin is not null && _postgresName is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(_postgresAdmin);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_postgresName} WITH (FORCE)", connection);
            await command.ExecuteNonQueryAsync();
        }

        if (_sqliteDirectory is not null)
        {
            SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(_sqliteDirectory, recursive: true);
            }
            catch (IOException)
            {
                // A file still held open is left to the system's temp cleaning.
            }
        }
    }
}
