using System.Net;
using System.Net.Http.Json;
using Npgsql;
using Tandem.Core.Data;
using Tandem.Web.Hosting;
using Tandem.Web.Tests.Support;

namespace Tandem.Web.Tests.Trust;

/// <summary>
/// PostgreSQL with the app running as a role that owns nothing (ConnectionStrings:TandemOwner migrates):
/// the app works, and its role can neither change the tables' shape nor change or remove an audit entry.
/// </summary>
public sealed class LeastPrivilegeTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TheAppsOwnRole_WritesItsRows_ButCannotAlterTheSchema_NorRewriteTheAuditChain_EvenAfterARestore()
    {
        await using var db = await TestDatabase.CreateOrSkipAsync(DatabaseProvider.Postgres);
        var role = "tandem_app_" + Guid.NewGuid().ToString("N")[..8];
        const string password = "un mot de passe pour le test";
        await ExecuteAsync(TestDatabase.PostgresAdminConnection!, $"CREATE ROLE {role} LOGIN PASSWORD '{password}'");
        var runtime = new NpgsqlConnectionStringBuilder(db.ConnectionString) { Username = role, Password = password }.ToString();
        var folder = Directory.CreateTempSubdirectory("tandem-roles-").FullName;
        try
        {
            await using (var app = new TandemApp(db, settings: new Dictionary<string, string?>
            {
                ["ConnectionStrings:Tandem"] = runtime,
                [$"ConnectionStrings:{DatabaseHosting.OwnerConnectionName}"] = db.ConnectionString,
            }))
            {
                // A whole pathway as the app's role: accounts, a request, its triage, a booking, a note, the audit.
                var booked = await app.BookedCaseAsync();
                using (var pair = await app.ApiClientAsAsync(booked.Psychologist))
                {
                    Assert.Equal(HttpStatusCode.Created, (await pair.PostAsJsonAsync($"/api/v1/cases/{booked.Request.RequestId}/notes", new { text = "Une note." }, Ct)).StatusCode);
                }

                await AssertOnlyRowsAsync(runtime);

                // A restore drops and recreates the tables as the owner; the role gets its rights, and no more, again.
                var path = Path.Combine(folder, "tandem.dump");
                var output = new StringWriter();
                Assert.True(await BackupCommand.BackupAsync(app.Services, path, output, Ct) == 0, output.ToString());
                Assert.True(await BackupCommand.RestoreAsync(app.Services, path, output, Ct) == 0, output.ToString());
                await app.CreateRequestAsync();
                await AssertOnlyRowsAsync(runtime);
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
            await db.DisposeAsync();
            await ExecuteAsync(TestDatabase.PostgresAdminConnection!, $"DROP ROLE IF EXISTS {role}");
        }
    }

    /// <summary>Reading and adding work; changing the chain, the schema or the migration history is refused by PostgreSQL.</summary>
    private static async Task AssertOnlyRowsAsync(string runtime)
    {
        Assert.True(await ScalarAsync(runtime, "SELECT COUNT(*) FROM audit_entries") > 0);
        Assert.True(await ScalarAsync(runtime, "SELECT COUNT(*) FROM requests") > 0);
        foreach (var statement in new[]
        {
            "UPDATE audit_entries SET \"Action\" = 'rien' WHERE \"Sequence\" = 1",
            "DELETE FROM audit_entries",
            "TRUNCATE audit_entries",
            "DROP TABLE requests",
            "ALTER TABLE requests ADD COLUMN intrus text",
            "CREATE TABLE intruse (id int)",
            "DELETE FROM \"__EFMigrationsHistory\"",
        })
        {
            var refused = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync(runtime, statement));
            Assert.True(refused.SqlState is PostgresErrorCodes.InsufficientPrivilege, $"{statement}: {refused.SqlState} {refused.MessageText}");
        }
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(Ct);
    }

    private static async Task<long> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(Ct), System.Globalization.CultureInfo.InvariantCulture);
    }
}
