using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tandem.Core.Data;
using Tandem.Core.Security;
using Tandem.Core.Staff;
using Tandem.Web.Tests.Support;

namespace Tandem.Web.Tests.Staff;

/// <summary>Each test needs a database without administrator, so each has its own app.</summary>
public abstract class FirstAdministratorTests(DatabaseProvider provider)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<(TestDatabase Db, TandemApp App)> StartAsync()
    {
        var db = await TestDatabase.CreateOrSkipAsync(provider);
        var app = new TandemApp(db);
        _ = app.Server;
        return (db, app);
    }

    private static async Task<string?> IssueAsync(TandemApp app)
    {
        await using var scope = app.Scope();
        return await scope.ServiceProvider.GetRequiredService<FirstAdministratorSetup>().IssueLinkIfNeededAsync(Ct);
    }

    [Fact]
    public async Task SetupLink_UsedOnce_CreatesTheAdministratorAndThenOpensNothing()
    {
        var (db, app) = await StartAsync();
        await using (db)
        await using (app)
        {
            var token = await IssueAsync(app);
            Assert.NotNull(token);

            using var pages = app.CreatePageClient();
            var get = await pages.GetAsync($"/installation/{token}");
            Assert.Equal(HttpStatusCode.OK, get.StatusCode);
            var post = await pages.PostFormAsync($"/installation/{token}", new Dictionary<string, string?>
            {
                ["DisplayName"] = "Première Admin",
                ["Email"] = "admin@example.fr",
                ["Password"] = StaffHelpers.Password,
                ["PasswordConfirmation"] = StaffHelpers.Password,
            });
            Assert.Equal("/connexion", post.Headers.Location?.OriginalString);

            await using (var scope = app.Scope())
            {
                var context = scope.ServiceProvider.GetRequiredService<TandemDbContext>();
                var admin = await context.Users.SingleAsync(Ct);
                Assert.Equal(Roles.Administrator, admin.Role);
                Assert.False(admin.HasSecondFactor);
            }

            var again = await pages.GetAsync($"/installation/{token}");
            Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
            Assert.Null(await IssueAsync(app));
        }
    }

    [Fact]
    public async Task SetupLink_After24Hours_IsRefused()
    {
        var (db, app) = await StartAsync();
        await using (db)
        await using (app)
        {
            var token = await IssueAsync(app);
            app.Clock.Advance(NodaTime.Duration.FromHours(24) + NodaTime.Duration.FromMinutes(1));
            using var client = app.CreateApiClient();
            var response = await client.PostAsJsonAsync("/api/v1/setup", new { token, displayName = "A", email = "a@example.fr", password = StaffHelpers.Password }, Ct);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }
    }

    [Fact]
    public async Task SetupLink_IssuedAgain_RevokesTheEarlierOne()
    {
        var (db, app) = await StartAsync();
        await using (db)
        await using (app)
        {
            var first = await IssueAsync(app);
            var second = await IssueAsync(app);
            using var client = app.CreateApiClient();
            var old = await client.PostAsJsonAsync("/api/v1/setup", new { token = first, displayName = "A", email = "a@example.fr", password = StaffHelpers.Password }, Ct);
            Assert.Equal(HttpStatusCode.NotFound, old.StatusCode);
            var current = await client.PostAsJsonAsync("/api/v1/setup", new { token = second, displayName = "A", email = "a@example.fr", password = StaffHelpers.Password }, Ct);
            Assert.Equal(HttpStatusCode.Created, current.StatusCode);
        }
    }

    [Fact]
    public async Task SetupForm_WithBadInput_ShowsFrenchErrorsAndKeepsTheLinkUsable()
    {
        var (db, app) = await StartAsync();
        await using (db)
        await using (app)
        {
            var token = await IssueAsync(app);
            using var pages = app.CreatePageClient();
            await pages.GetAsync($"/installation/{token}");
            var post = await pages.PostFormAsync($"/installation/{token}", new Dictionary<string, string?>
            {
                ["DisplayName"] = "",
                ["Email"] = "pas-une-adresse",
                ["Password"] = "court",
                ["PasswordConfirmation"] = "court",
            });
            Assert.Equal(HttpStatusCode.OK, post.StatusCode);
            Assert.Contains("Ce champ est obligatoire.", pages.LastHtml, StringComparison.Ordinal);
            Assert.Contains("Saisissez une adresse e-mail valide", pages.LastHtml, StringComparison.Ordinal);
            Assert.Contains("au moins 12 caractères", pages.LastHtml, StringComparison.Ordinal);

            using var client = app.CreateApiClient();
            var ok = await client.PostAsJsonAsync("/api/v1/setup", new { token, displayName = "A", email = "a@example.fr", password = StaffHelpers.Password }, Ct);
            Assert.Equal(HttpStatusCode.Created, ok.StatusCode);
        }
    }
}

public sealed class FirstAdministratorTestsOnSqlite() : FirstAdministratorTests(DatabaseProvider.Sqlite);

public sealed class FirstAdministratorTestsOnPostgres() : FirstAdministratorTests(DatabaseProvider.Postgres);
