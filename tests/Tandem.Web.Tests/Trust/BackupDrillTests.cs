using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tandem.Core.Data;
using Tandem.Web.Hosting;
using Tandem.Web.Tests.Support;

namespace Tandem.Web.Tests.Trust;

/// <summary>
/// The backup drill: back up, write more, restore, and find exactly what was there at the
/// backup, the audit chain intact and every sealed value readable with the master key, which the
/// backup itself never holds.
/// </summary>
public abstract class BackupDrillTests(DatabaseProvider provider)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed record Counts(int Requests, int Notes, int AuditEntries);

    private static Task<Counts> CountAsync(TandemApp app) =>
        app.InDbAsync(async db => new Counts(await db.Requests.CountAsync(Ct), await db.CaseNotes.CountAsync(Ct), await db.AuditEntries.CountAsync(Ct)));

    [Fact]
    public async Task BackupWriteMoreRestore_BringsBackWhatWasBackedUp_ChainIntact_KeyNeverInTheFile()
    {
        await using var db = await TestDatabase.CreateOrSkipAsync(provider);
        await using var app = new TandemApp(db);
        var booked = await app.BookedCaseAsync();
        using (var pair = await app.ApiClientAsAsync(booked.Psychologist))
        {
            (await pair.PostAsJsonAsync($"/api/v1/cases/{booked.Request.RequestId}/notes", new { text = "Note d'avant la sauvegarde." }, Ct)).EnsureSuccessStatusCode();
        }

        var before = await CountAsync(app);
        var folder = Directory.CreateTempSubdirectory("tandem-backup-").FullName;
        try
        {
            var path = Path.Combine(folder, provider == DatabaseProvider.Sqlite ? "tandem.backup.db" : "tandem.dump");
            var output = new StringWriter();
            Assert.True(await BackupCommand.BackupAsync(app.Services, path, output, Ct) == 0, output.ToString());
            Assert.Contains("Backup written", output.ToString(), StringComparison.Ordinal);
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
            }

            // The master key is outside the backup, in neither of its forms.
            var bytes = await File.ReadAllBytesAsync(path, Ct);
            Assert.Equal(-1, bytes.AsSpan().IndexOf(Encoding.ASCII.GetBytes(db.MasterKey)));
            Assert.Equal(-1, bytes.AsSpan().IndexOf(Convert.FromBase64String(db.MasterKey)));

            // A backup never overwrites a file.
            Assert.Equal(1, await BackupCommand.BackupAsync(app.Services, path, new StringWriter(), Ct));

            // Life goes on after the backup.
            var later = await app.CreateRequestAsync();
            await app.CreateRequestAsync();
            Assert.NotEqual(before, await CountAsync(app));

            // A file that is not a backup is refused before anything changes.
            var junk = Path.Combine(folder, "junk");
            await File.WriteAllTextAsync(junk, "ceci n'est pas une sauvegarde", Ct);
            Assert.Equal(1, await BackupCommand.RestoreAsync(app.Services, junk, new StringWriter(), Ct));
            Assert.Equal(before.Requests + 2, (await CountAsync(app)).Requests);

            var restored = new StringWriter();
            Assert.True(await BackupCommand.RestoreAsync(app.Services, path, restored, Ct) == 0, restored.ToString());
            Assert.Contains("audit chain intact", restored.ToString(), StringComparison.Ordinal);
            Assert.Equal(before, await CountAsync(app));

            // Sealed values open again with the master key: the person's code, the pair's notes.
            using var person = await app.BeneficiaryClientAsync(booked.Request.AccessCode);
            Assert.Equal(HttpStatusCode.OK, (await person.GetAsync(new Uri("/api/v1/beneficiary/me", UriKind.Relative), Ct)).StatusCode);
            using var pair = await app.ApiClientAsAsync(booked.Psychologist);
            var notes = await pair.GetStringAsync(new Uri($"/api/v1/cases/{booked.Request.RequestId}/notes", UriKind.Relative), Ct);
            Assert.Contains("Note d'avant la sauvegarde.", notes, StringComparison.Ordinal);

            // What was written after the backup is gone, as a restore means.
            using var anonymous = app.CreateApiClient();
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/v1/beneficiary/login", new { accessCode = later.AccessCode }, Ct)).StatusCode);

            // The reads above were audited after the restore: the chain goes on from the restored head, without a gap.
            await using var scope = app.Scope();
            var chain = await scope.ServiceProvider.GetRequiredService<Tandem.Core.Security.Audit.AuditVerifier>().VerifyAsync(Ct);
            Assert.True(chain.Intact, chain.Problem);
            Assert.True(chain.EntriesChecked > before.AuditEntries);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}

public sealed class BackupDrillTestsOnSqlite() : BackupDrillTests(DatabaseProvider.Sqlite);

public sealed class BackupDrillTestsOnPostgres() : BackupDrillTests(DatabaseProvider.Postgres);

public sealed class StartupFlagsTests
{
    [Fact]
    public void BackupAndRestore_TakeTheirPath_AndLeaveTheRestToTheHost()
    {
        var flags = StartupFlags.Parse(["--backup", "/srv/b.db", "--urls", "http://0.0.0.0:5080"]);
        Assert.Equal("/srv/b.db", flags.Backup);
        Assert.Null(flags.Restore);
        Assert.Equal(["--urls", "http://0.0.0.0:5080"], flags.HostArgs);
        Assert.Equal("/srv/r.dump", StartupFlags.Parse(["--restore", "/srv/r.dump"]).Restore);
    }

    [Fact]
    public void Backup_WithoutAPath_IsRefusedWithAMessage()
    {
        var refused = Assert.Throws<StartupRefusedException>(() => StartupFlags.Parse(["--backup"]));
        Assert.Contains("needs a file path", refused.Message, StringComparison.Ordinal);
    }
}

/// <summary>A restore on SQLite while another connection writes: it waits for the lock instead of failing at once.</summary>
public sealed class SqliteRestoreTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Restore_WhileAnotherConnectionHoldsTheWriteLock_WaitsForItAndRestores()
    {
        await using var db = await TestDatabase.CreateOrSkipAsync(DatabaseProvider.Sqlite);
        await using var app = new TandemApp(db);
        await app.CreateRequestAsync();
        var folder = Directory.CreateTempSubdirectory("tandem-backup-").FullName;
        try
        {
            var path = Path.Combine(folder, "tandem.backup.db");
            Assert.Equal(0, await BackupCommand.BackupAsync(app.Services, path, new StringWriter(), Ct));

            // A writer of a running instance holds the write lock for half a second.
            await using var writer = new SqliteConnection(db.ConnectionString);
            await writer.OpenAsync(Ct);
            await using (var begin = writer.CreateCommand())
            {
                begin.CommandText = "BEGIN IMMEDIATE";
                await begin.ExecuteNonQueryAsync(Ct);
            }

            var output = new StringWriter();
            var restore = BackupCommand.RestoreAsync(app.Services, path, output, Ct);
            await Task.Delay(500, Ct);
            Assert.False(restore.IsCompleted);
            await using (var commit = writer.CreateCommand())
            {
                commit.CommandText = "COMMIT";
                await commit.ExecuteNonQueryAsync(Ct);
            }

            Assert.True(await restore == 0, output.ToString());
            Assert.Contains("audit chain intact", output.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
