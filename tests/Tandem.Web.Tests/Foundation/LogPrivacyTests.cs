using System.Net.Http.Json;
using Tandem.Core.Security;
using Tandem.Web.Tests.Support;

namespace Tandem.Web.Tests.Foundation;

public abstract class LogPrivacyTests(AppFixture fixture) : AppTests(fixture)
{
    [Fact]
    public async Task Logs_OfAStaffJourney_HoldNoSecretBodyOrClientAddress()
    {
        var ct = TestContext.Current.CancellationToken;
        var admin = await App.CreateStaffAsync(Roles.Administrator);
        using var client = await App.ApiClientAsAsync(admin);
        var invite = await client.PostAsJsonAsync("/api/v1/admin/invitations", new { displayName = "Secret Person", email = "secret.person@example.fr", role = "coordinator" }, ct);
        var link = (await invite.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>(ct)).GetProperty("link").GetString()!;
        using var anonymous = App.CreateApiClient();
        await anonymous.PostAsJsonAsync("/api/v1/staff/login", new { email = admin.Email, password = "a wrong password typed", totp = "654321" }, ct);
        using var pages = await App.PagesAsAsync(admin);
        await pages.GetAsync("/admin/journal");

        var logs = App.Logs.All;
        Assert.NotEmpty(App.Logs.Lines);
        foreach (var secret in new[] { admin.Password, admin.TotpSecret, "a wrong password typed", link[(link.LastIndexOf('/') + 1)..], "secret.person@example.fr", "Secret Person", client.DefaultRequestHeaders.Authorization!.Parameter!, "127.0.0.1", "::1" })
        {
            Assert.DoesNotContain(secret, logs, StringComparison.Ordinal);
        }
    }
}

public sealed class LogPrivacyTestsOnSqlite(SqliteFixture fixture) : LogPrivacyTests(fixture), IClassFixture<SqliteFixture>;

public sealed class LogPrivacyTestsOnPostgres(PostgresFixture fixture) : LogPrivacyTests(fixture), IClassFixture<PostgresFixture>;
