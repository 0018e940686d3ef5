using Microsoft.EntityFrameworkCore;

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

    public static DbContextOptionsBuilder Configure(DbContextOptionsBuilder builder, DatabaseProvider provider, string connectionString) =>
        provider switch
        {
            DatabaseProvider.Sqlite => builder.UseSqlite(connectionString, o => o.MigrationsAssembly(SqliteMigrationsAssembly)),
            DatabaseProvider.Postgres => builder.UseNpgsql(connectionString, o =>
            {
                o.UseNodaTime();
                o.MigrationsAssembly(PostgresMigrationsAssembly);
            }),
        };
}
