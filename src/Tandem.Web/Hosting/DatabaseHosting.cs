using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Tandem.Core;
using Tandem.Core.Data;
using Tandem.Core.Security.Encryption;

namespace Tandem.Web.Hosting;

internal static class DatabaseHosting
{
    public static WebApplicationBuilder AddTandemDatabase(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(TandemOptions.Section).Get<TandemOptions>() ?? new TandemOptions();
        var provider = TandemDatabase.ParseProvider(options.Database.Provider);
        var dataDirectory = ResolveDataDirectory(builder.Environment, options);
        string connectionString;
        if (provider == DatabaseProvider.Sqlite)
        {
            Directory.CreateDirectory(dataDirectory);
            connectionString = builder.Configuration.GetConnectionString("Tandem") is { Length: > 0 } configured
                ? configured
                : new SqliteConnectionStringBuilder
                {
                    DataSource = Path.Combine(dataDirectory, "tandem.db"),
                    Cache = SqliteCacheMode.Private,
                    DefaultTimeout = 30,
                    Pooling = true,
                }.ToString();
        }
        else
        {
            connectionString = builder.Configuration.GetConnectionString("Tandem") is { Length: > 0 } pg
                ? pg
                : throw new InvalidOperationException("Tandem__Database__Provider=postgres needs ConnectionStrings__Tandem.");

        }

        builder.Services.AddSingleton(new DataLocation(dataDirectory, provider));
        builder.Services.AddSingleton(_ => MasterKeys.Load(
            options.MasterKey,
            string.IsNullOrWhiteSpace(options.MasterKeyFile) ? Path.Combine(dataDirectory, "master.key") : options.MasterKeyFile,
            createFileIfMissing: provider == DatabaseProvider.Sqlite && string.IsNullOrWhiteSpace(options.MasterKeyFile)));
        builder.Services.AddTandemCore(provider, connectionString);
        if (provider == DatabaseProvider.Postgres)
        {
            builder.Services.AddHostedService(sp => ActivatorUtilities.CreateInstance<FreeTimeListener>(sp, connectionString));
        }

        builder.Services.AddDataProtection()
            .SetApplicationName("Tandem")
            .PersistKeysToDbContext<TandemDbContext>();
        builder.Services.AddOptions<Microsoft.AspNetCore.DataProtection.KeyManagement.KeyManagementOptions>()
            .Configure<MasterKeys>((keyManagement, masterKeys) => keyManagement.XmlEncryptor = new MasterKeyXmlEncryptor(masterKeys));
        return builder;
    }

    public static string ResolveDataDirectory(IWebHostEnvironment environment, TandemOptions options) =>
        Path.GetFullPath(string.IsNullOrWhiteSpace(options.DataDirectory)
            ? Path.Combine(environment.ContentRootPath, "data")
            : options.DataDirectory);

    /// <summary>The connection string of the tables' owner, when the app itself runs as a role that owns nothing (PostgreSQL).</summary>
    public const string OwnerConnectionName = "TandemOwner";

    /// <summary>
    /// Applies pending migrations; EF Core takes a lock so concurrent instances do not collide. On PostgreSQL with
    /// <c>ConnectionStrings:TandemOwner</c>, they run as that owner, who then gives the app's own role (the user
    /// of <c>ConnectionStrings:Tandem</c>) the rights to the rows and no more (<see cref="RuntimeRole"/>).
    /// </summary>
    public static async Task MigrateAsync(IServiceProvider services, CancellationToken ct = default)
    {
        RefusePlaintext(services);
        if (OwnerConnection(services) is { } owner)
        {
            var options = new DbContextOptionsBuilder<TandemDbContext>();
            TandemDatabase.Configure(options, DatabaseProvider.Postgres, owner);
            await using var ownerDb = new TandemDbContext(options.Options);
            await TandemDatabase.MigrateAsync(ownerDb, ct);
            var runtime = new Npgsql.NpgsqlConnectionStringBuilder(services.GetRequiredService<IConfiguration>().GetConnectionString("Tandem")).Username;
            if (!string.IsNullOrEmpty(runtime) && !string.Equals(runtime, new Npgsql.NpgsqlConnectionStringBuilder(owner).Username, StringComparison.Ordinal))
            {
                await RuntimeRole.GrantAsync(ownerDb, runtime, ct);
            }

            return;
        }

        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TandemDbContext>();
        if (db.Database.IsSqlite())
        {
            await db.Database.OpenConnectionAsync(ct);
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
            await db.Database.CloseConnectionAsync();
        }

        await TandemDatabase.MigrateAsync(db, ct);
    }

    /// <summary>
    /// Refuses a PostgreSQL connection string that would cross a network in clear (<see cref="TandemDatabase.PlaintextRisk"/>),
    /// unless <c>Tandem:Database:AllowPlaintext</c>; checked before anything is sent to the server.
    /// </summary>
    public static void RefusePlaintext(IServiceProvider services)
    {
        var configuration = services.GetRequiredService<IConfiguration>();
        if (services.GetRequiredService<DataLocation>().Provider != DatabaseProvider.Postgres
            || services.GetRequiredService<Microsoft.Extensions.Options.IOptions<TandemOptions>>().Value.Database.AllowPlaintext)
        {
            return;
        }

        foreach (var name in new[] { "Tandem", OwnerConnectionName })
        {
            if (configuration.GetConnectionString(name) is { Length: > 0 } given && TandemDatabase.PlaintextRisk(given) is { } risk)
            {
                throw new StartupRefusedException($"Tandem refuses to start: ConnectionStrings__{name}: {risk}");
            }
        }
    }

    /// <summary>The owner's connection string on PostgreSQL, when one is configured.</summary>
    public static string? OwnerConnection(IServiceProvider services) =>
        services.GetRequiredService<DataLocation>().Provider == DatabaseProvider.Postgres
            && services.GetRequiredService<IConfiguration>().GetConnectionString(OwnerConnectionName) is { Length: > 0 } owner
            ? owner
            : null;
}

/// <summary>Where this instance keeps its files and which database it uses.</summary>
internal sealed record DataLocation(string Directory, DatabaseProvider Provider);
