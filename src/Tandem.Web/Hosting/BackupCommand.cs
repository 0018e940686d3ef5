using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Tandem.Core.Data;
using Tandem.Core.Security.Audit;

namespace Tandem.Web.Hosting;

/// <summary>
/// <c>--backup PATH</c> and <c>--restore PATH</c>, run instead of the server. SQLite is copied
/// with its online backup API (consistent while the app runs); PostgreSQL goes through
/// <c>pg_dump --format=custom</c> and <c>pg_restore --clean</c>. The master key is never in a
/// backup: it lives outside the database. A backup is still sensitive (sealed text, wrapped keys,
/// the cookie key ring, TOTP secrets), so it is written readable by its owner only. A restore
/// checks the file before touching anything, then applies migrations and verifies the audit chain.
/// </summary>
internal static class BackupCommand
{
    public static async Task<int> BackupAsync(IServiceProvider services, string path, TextWriter output, CancellationToken ct = default)
    {
        path = Path.GetFullPath(path);
        if (File.Exists(path))
        {
            await output.WriteLineAsync($"{path} already exists: choose a new file, a backup never overwrites one.");
            return 1;
        }

        await DatabaseHosting.MigrateAsync(services, ct);
        var (provider, connectionString) = Connection(services);
        if (provider == DatabaseProvider.Sqlite)
        {
            await using (var live = new SqliteConnection(connectionString))
            await using (var copy = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString()))
            {
                await live.OpenAsync(ct);
                await copy.OpenAsync(ct);
                await CopySqliteAsync(live, copy, ct);
            }

            OwnerOnly(path);
            var (ok, entries, head) = await InspectSqliteAsync(path, ct);
            await output.WriteLineAsync(ok
                ? $"Backup written to {path}: integrity ok, {entries} audit entries, head at sequence {head}. The master key is not in it: keep it apart."
                : $"Backup written to {path}, but its integrity check failed.");
            return ok ? 0 : 1;
        }

        var (code, error) = await RunAsync("pg_dump", ["--format=custom", "--no-owner", "--file", path], connectionString, ct);
        if (code != 0)
        {
            await output.WriteLineAsync($"pg_dump failed ({code}): {error.Trim()}");
            return 1;
        }

        OwnerOnly(path);
        await output.WriteLineAsync($"Backup written to {path} (pg_dump, custom format). The master key is not in it: keep it apart.");
        return 0;
    }

    /// <summary>
    /// Copies one SQLite database into another with SQLite's online backup. While another connection holds
    /// a lock the copy needs (a job of a running instance writing), SQLite answers busy at once instead of
    /// waiting, and nothing has been copied: it is tried again, for up to ten seconds.
    /// </summary>
    private static async Task CopySqliteAsync(SqliteConnection from, SqliteConnection to, CancellationToken ct)
    {
        const int MaxAttempts = 100;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                from.BackupDatabase(to);
                return;
            }
            catch (SqliteException e) when (e.SqliteErrorCode is SQLitePCL.raw.SQLITE_BUSY or SQLitePCL.raw.SQLITE_LOCKED && attempt < MaxAttempts)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), ct);
            }
        }
    }

    public static async Task<int> RestoreAsync(IServiceProvider services, string path, TextWriter output, CancellationToken ct = default)
    {
        path = Path.GetFullPath(path);
        if (!File.Exists(path))
        {
            await output.WriteLineAsync($"{path} does not exist.");
            return 1;
        }

        var (provider, connectionString) = Connection(services);
        if (provider == DatabaseProvider.Sqlite)
        {
            var (ok, _, _) = await InspectSqliteAsync(path, ct);
            if (!ok)
            {
                await output.WriteLineAsync($"{path} is not a sound Tandem backup: nothing was changed.");
                return 1;
            }

            await using var backup = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
            await using var live = new SqliteConnection(connectionString);
            await backup.OpenAsync(ct);
            await live.OpenAsync(ct);
            await CopySqliteAsync(backup, live, ct);
        }
        else
        {
            var (listed, listError) = await RunAsync("pg_restore", ["--list", path], null, ct);
            if (listed != 0)
            {
                await output.WriteLineAsync($"{path} is not a pg_dump archive ({listError.Trim()}): nothing was changed.");
                return 1;
            }

            var (code, error) = await RunAsync("pg_restore", ["--clean", "--if-exists", "--no-owner", "--single-transaction", "--exit-on-error", path], connectionString, ct);
            if (code != 0)
            {
                await output.WriteLineAsync($"pg_restore failed ({code}), the database is as it was: {error.Trim()}");
                return 1;
            }
        }

        SqliteConnection.ClearAllPools();
        NpgsqlConnection.ClearAllPools();
        await DatabaseHosting.MigrateAsync(services, ct);

        // The chain is the one restored: the head this process may have kept is no longer it.
        services.GetRequiredService<Tandem.Core.Security.Audit.AuditTrail.Writer>().Forget();
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TandemDbContext>();
        var requests = await db.Requests.CountAsync(ct);
        var notes = await db.CaseNotes.CountAsync(ct);
        var verification = await scope.ServiceProvider.GetRequiredService<AuditVerifier>().VerifyAsync(ct);
        await output.WriteLineAsync($"Restored from {path}: {requests} requests, {notes} case notes, audit chain "
            + (verification.Intact ? $"intact ({verification.EntriesChecked} entries)." : $"BROKEN at entry {verification.FirstBrokenSequence}: {verification.Problem}."));
        return verification.Intact ? 0 : 1;
    }

    /// <summary>
    /// The configured connection string: on PostgreSQL the one given (the context's own copy has
    /// lost its password once a connection was opened), on SQLite the context's.
    /// </summary>
    private static (DatabaseProvider Provider, string ConnectionString) Connection(IServiceProvider services)
    {
        var location = services.GetRequiredService<DataLocation>();
        if (location.Provider == DatabaseProvider.Postgres)
        {
            // The owner's, when the app runs as a role that owns nothing: a restore drops and recreates the tables.
            return (location.Provider, DatabaseHosting.OwnerConnection(services) ?? services.GetRequiredService<IConfiguration>().GetConnectionString("Tandem")!);
        }

        using var scope = services.CreateScope();
        return (location.Provider, scope.ServiceProvider.GetRequiredService<TandemDbContext>().Database.GetConnectionString()!);
    }

    /// <summary>A file that SQLite finds sound and that holds Tandem's tables; its audit entry count and head.</summary>
    private static async Task<(bool Ok, long Entries, long Head)> InspectSqliteAsync(string path, CancellationToken ct)
    {
        try
        {
            await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
            await connection.OpenAsync(ct);
            await using var check = connection.CreateCommand();
            check.CommandText = "PRAGMA integrity_check";
            var integrity = (string?)await check.ExecuteScalarAsync(ct);
            await using var audit = connection.CreateCommand();
            audit.CommandText = "SELECT COUNT(*), COALESCE(MAX(\"Sequence\"), 0) FROM audit_entries";
            await using var reader = await audit.ExecuteReaderAsync(ct);
            await reader.ReadAsync(ct);
            return (integrity == "ok", reader.GetInt64(0), reader.GetInt64(1));
        }
        catch (SqliteException)
        {
            return (false, 0, 0);
        }
    }

    private static void OwnerOnly(string path)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    /// <summary>Runs a PostgreSQL client tool; the password goes through PGPASSWORD, never the command line.</summary>
    private static async Task<(int Code, string Error)> RunAsync(string tool, IEnumerable<string> arguments, string? connectionString, CancellationToken ct)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        if (connectionString is not null)
        {
            var cs = new NpgsqlConnectionStringBuilder(connectionString);
            start.ArgumentList.Add("--dbname");
            start.ArgumentList.Add(cs.Database ?? "postgres");
            start.Environment["PGHOST"] = cs.Host;
            start.Environment["PGPORT"] = cs.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
            start.Environment["PGUSER"] = cs.Username;
            start.Environment["PGPASSWORD"] = cs.Password;
        }

        try
        {
            using var process = Process.Start(start)!;
            var error = process.StandardError.ReadToEndAsync(ct);
            _ = await process.StandardOutput.ReadToEndAsync(ct);
            await process.WaitForExitAsync(ct);
            return (process.ExitCode, await error);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return (127, $"{tool} was not found: install PostgreSQL's client tools (Debian: apt-get install postgresql-client), of the server's major version or newer.");
        }
    }
}
