using System.Net;
using Tandem.Core.Security;
using Tandem.Web.Tests.Support;

namespace Tandem.Web.Tests.Staff;

public abstract class StaffPagesTests(AppFixture fixture) : AppTests(fixture)
{
    [Fact]
    public async Task SignIn_WithPasswordAndCode_OpensTheStaffSpace()
    {
        var staff = await App.CreateStaffAsync(Roles.Coordinator);
        using var pages = await App.PagesAsAsync(staff);
        var home = await pages.GetAsync("/espace");
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        Assert.Contains("Test coordinator", pages.LastHtml, StringComparison.Ordinal);
        Assert.Contains("no-store", home.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignIn_WithWrongPassword_ShowsAFrenchErrorAndNoSession()
    {
        var staff = await App.CreateStaffAsync(Roles.Coordinator);
        using var pages = App.CreatePageClient();
        await pages.GetAsync("/connexion");
        var response = await pages.PostFormAsync("/connexion", new Dictionary<string, string?> { ["Email"] = staff.Email, ["Password"] = "mauvais mot de passe" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Adresse e-mail ou mot de passe incorrect.", pages.LastHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await pages.GetAsync("/espace")).StatusCode);
    }

    [Fact]
    public async Task CodePage_WithoutPasswordStep_SendsBackToSignIn()
    {
        using var pages = App.CreatePageClient();
        var response = await pages.GetAsync("/connexion/code");
        Assert.Equal("/connexion", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task FirstSignIn_WithoutSecondFactor_EnrolsWithQrCodeAndShowsRecoveryCodes()
    {
        await using var scope = App.Scope();
        var accounts = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Tandem.Core.Staff.StaffAccounts>(scope.ServiceProvider);
        var email = $"fresh-{Guid.NewGuid():N}@example.fr";
        Assert.True((await accounts.CreateAsync("Fresh", email, StaffHelpers.Password, Roles.Practitioner)).Succeeded);

        using var pages = App.CreatePageClient();
        await pages.GetAsync("/connexion");
        var afterPassword = await pages.PostFormAsync("/connexion", new Dictionary<string, string?> { ["Email"] = email, ["Password"] = StaffHelpers.Password });
        Assert.Equal("/connexion/activation", afterPassword.Headers.Location?.OriginalString);
        await pages.GetAsync("/connexion/activation");
        Assert.Contains("data:image/png;base64,", pages.LastHtml, StringComparison.Ordinal);
        var secret = System.Text.RegularExpressions.Regex.Match(pages.LastHtml, "data-testid=\"totp-secret\">([A-Z2-7]+)<").Groups[1].Value;
        Assert.NotEmpty(secret);

        // Reloading keeps the same secret until it is confirmed.
        await pages.GetAsync("/connexion/activation");
        Assert.Contains(secret, pages.LastHtml, StringComparison.Ordinal);

        var confirm = await pages.PostFormAsync("/connexion/activation", new Dictionary<string, string?> { ["Code"] = Tandem.Core.Staff.TotpCodes.Compute(secret, App.Clock.GetCurrentInstant()) });
        Assert.Equal(HttpStatusCode.OK, confirm.StatusCode);
        Assert.Contains("Vos codes de secours", pages.LastHtml, StringComparison.Ordinal);
        Assert.Equal(10, System.Text.RegularExpressions.Regex.Count(pages.LastHtml, "<li><code>[A-Z2-9]{5}-[A-Z2-9]{5}</code></li>"));
        Assert.Equal(HttpStatusCode.OK, (await pages.GetAsync("/espace")).StatusCode);
        App.Clock.AdvanceSeconds(30);
    }

    [Fact]
    public async Task Session_Idle16Minutes_Expires()
    {
        var staff = await App.CreateStaffAsync(Roles.Coordinator);
        using var pages = await App.PagesAsAsync(staff);
        App.Clock.AdvanceMinutes(10);
        Assert.Equal(HttpStatusCode.OK, (await pages.GetAsync("/espace")).StatusCode);
        App.Clock.AdvanceMinutes(16);
        Assert.Equal(HttpStatusCode.Redirect, (await pages.GetAsync("/espace")).StatusCode);
    }

    [Fact]
    public async Task Session_ActiveButOlderThan8Hours_Expires()
    {
        var staff = await App.CreateStaffAsync(Roles.Coordinator);
        using var pages = await App.PagesAsAsync(staff);
        for (var minutes = 0; minutes < 8 * 60 - 10; minutes += 10)
        {
            App.Clock.AdvanceMinutes(10);
            Assert.Equal(HttpStatusCode.OK, (await pages.GetAsync("/espace")).StatusCode);
        }

        App.Clock.AdvanceMinutes(11);
        Assert.Equal(HttpStatusCode.Redirect, (await pages.GetAsync("/espace")).StatusCode);
    }

    [Fact]
    public async Task SignOut_EndsTheSession()
    {
        var staff = await App.CreateStaffAsync(Roles.Coordinator);
        using var pages = await App.PagesAsAsync(staff);
        await pages.GetAsync("/espace");
        var signOut = await pages.PostFormAsync("/espace/deconnexion", new Dictionary<string, string?>());
        Assert.Equal("/", signOut.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, (await pages.GetAsync("/espace")).StatusCode);
    }

    [Fact]
    public async Task AdminPages_AsCoordinator_AnswerNotFound()
    {
        var staff = await App.CreateStaffAsync(Roles.Coordinator);
        using var pages = await App.PagesAsAsync(staff);
        Assert.Equal(HttpStatusCode.NotFound, (await pages.GetAsync("/admin/equipe")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await pages.GetAsync("/admin/journal")).StatusCode);
    }
}

public sealed class StaffPagesTestsOnSqlite(SqliteFixture fixture) : StaffPagesTests(fixture), IClassFixture<SqliteFixture>;

public sealed class StaffPagesTestsOnPostgres(PostgresFixture fixture) : StaffPagesTests(fixture), IClassFixture<PostgresFixture>;
