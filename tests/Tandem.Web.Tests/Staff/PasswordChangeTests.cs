using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tandem.Core.Security;
using Tandem.Core.Staff;
using Tandem.Web.Tests.Support;

namespace Tandem.Web.Tests.Staff;

public abstract class PasswordChangeTests(AppFixture fixture) : AppTests(fixture)
{
    private const string NewPassword = "une autre phrase de passe, bien plus longue";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Task<HttpResponseMessage> LoginAsync(HttpClient client, string email, string password, string totp) =>
        client.PostAsJsonAsync("/api/v1/staff/login", new { email, password, totp }, Ct);

    [Fact]
    public async Task ChangePassword_WithTheCurrentOne_EndsEveryOtherSession_AndOnlyTheNewOneSignsIn()
    {
        var staff = await App.CreateStaffAsync(Roles.Coordinator);
        using var other = await App.ApiClientAsAsync(staff);
        using var pages = await App.PagesAsAsync(staff);
        using var client = await App.ApiClientAsAsync(staff);

        var changed = await client.PutAsJsonAsync("/api/v1/staff/me/password", new { currentPassword = staff.Password, password = NewPassword, passwordConfirmation = NewPassword }, Ct);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        var token = (await changed.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("token").GetString();

        // The other token and the page session ended; the token answered works.
        Assert.Equal(HttpStatusCode.Unauthorized, (await other.GetAsync(new Uri("/api/v1/staff/me", UriKind.Relative), Ct)).StatusCode);
        var page = await pages.GetAsync("/espace");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/connexion", page.Headers.Location!.AbsolutePath, StringComparison.Ordinal);
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/api/v1/staff/me", UriKind.Relative), Ct)).StatusCode);

        using var anonymous = App.CreateApiClient();
        App.Clock.AdvanceSeconds(30);
        Assert.Equal(HttpStatusCode.Unauthorized, (await LoginAsync(anonymous, staff.Email, staff.Password, App.CurrentCode(staff))).StatusCode);
        App.Clock.AdvanceSeconds(30);
        Assert.Equal(HttpStatusCode.OK, (await LoginAsync(anonymous, staff.Email, NewPassword, App.CurrentCode(staff))).StatusCode);
        App.Clock.AdvanceSeconds(30);
    }

    [Fact]
    public async Task ChangePassword_WithAWrongCurrentOne_IsRefused_AndCountsAsAFailedSignIn()
    {
        var staff = await App.CreateStaffAsync(Roles.Practitioner);
        using var client = await App.ApiClientAsAsync(staff);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i <= SignInThrottle.FreeFailures; i++)
        {
            var refused = await client.PutAsJsonAsync("/api/v1/staff/me/password", new { currentPassword = "pas le bon mot de passe " + i, password = NewPassword }, Ct);
            statuses.Add(refused.StatusCode);
            if (i == 0)
            {
                var errors = (await refused.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors");
                Assert.Equal("Ce n'est pas votre mot de passe actuel.", errors.GetProperty("currentPassword")[0].GetString());
            }
        }

        Assert.Equal(HttpStatusCode.BadRequest, statuses[0]);
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
    }

    [Theory]
    [InlineData("tandem pour toujours et à jamais")]
    [InlineData("mon-nom-de-famille:{local}!")]
    public async Task NewPassword_WithTheServiceOrThePersonsOwnWords_IsRefusedInFrench(string template)
    {
        var staff = await App.CreateStaffAsync(Roles.Administrator);
        using var client = await App.ApiClientAsAsync(staff);
        var password = template.Replace("{local}", staff.Email.Split('@')[0], StringComparison.Ordinal);
        var refused = await client.PutAsJsonAsync("/api/v1/staff/me/password", new { currentPassword = staff.Password, password }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var message = (await refused.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").GetProperty("password")[0].GetString();
        Assert.Contains("ni le nom du service, ni votre nom", message, StringComparison.Ordinal);
        Assert.Empty(StaffAccounts.ValidatePassword("une phrase de passe sans rien de personnel", null, null, "Jeanne Martin", "jeanne.martin@example.fr").ToDictionary());
        Assert.NotEmpty(StaffAccounts.ValidatePassword("jeanne aime les phrases longues", null, null, "Jeanne Martin", "jm@example.fr").ToDictionary());
    }

    [Fact]
    public async Task NewPassword_CommonOrAKeyboardRun_IsRefusedInFrench_OnThePageAndTheApi_AndTheOldOneStillSignsIn()
    {
        var staff = await App.CreateStaffAsync(Roles.Coordinator);
        using var client = await App.ApiClientAsAsync(staff);
        var refused = await client.PutAsJsonAsync("/api/v1/staff/me/password", new { currentPassword = staff.Password, password = "azertyuiop123", passwordConfirmation = "azertyuiop123" }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var message = (await refused.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").GetProperty("password")[0].GetString();
        Assert.Contains("trop répandu ou trop simple", message, StringComparison.Ordinal);

        using var pages = await App.PagesAsAsync(staff);
        await pages.GetAsync("/espace/securite");
        var page = await pages.PostFormAsync("/espace/securite?handler=Password", new Dictionary<string, string?>
        {
            ["CurrentPassword"] = staff.Password,
            ["Password"] = "motdepasse2026",
            ["PasswordConfirmation"] = "motdepasse2026",
        });
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("trop répandu ou trop simple", await page.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        using var anonymous = App.CreateApiClient();
        App.Clock.AdvanceSeconds(30);
        Assert.Equal(HttpStatusCode.OK, (await LoginAsync(anonymous, staff.Email, staff.Password, App.CurrentCode(staff))).StatusCode);
        App.Clock.AdvanceSeconds(30);
    }

    [Fact]
    public async Task ForgottenPassword_AnAdministratorsLink_SetsANewOneOnceOnly_AndTheSecondFactorStaysRequired()
    {
        using var admin = await App.ApiClientAsAsync(await App.CreateStaffAsync(Roles.Administrator));
        var staff = await App.CreateStaffAsync(Roles.Practitioner);
        using var session = await App.ApiClientAsAsync(staff);
        var issued = await admin.PostAsync(new Uri($"/api/v1/admin/staff/{staff.Id}/password-reset", UriKind.Relative), null, Ct);
        Assert.Equal(HttpStatusCode.Created, issued.StatusCode);
        var link = new Uri((await issued.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("link").GetString()!);
        Assert.StartsWith("/nouveau-mot-de-passe/", link.AbsolutePath, StringComparison.Ordinal);

        using var pages = App.CreatePageClient();
        await pages.GetAsync(link.AbsolutePath);
        Assert.Contains(staff.Email, pages.LastHtml, StringComparison.Ordinal);
        var weak = await pages.PostFormAsync(link.AbsolutePath, new Dictionary<string, string?> { ["Password"] = "court", ["PasswordConfirmation"] = "court" });
        Assert.Contains("au moins 12", await weak.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        var saved = await pages.PostFormAsync(link.AbsolutePath, new Dictionary<string, string?> { ["Password"] = NewPassword, ["PasswordConfirmation"] = NewPassword });
        Assert.Equal("/connexion", saved.Headers.Location?.OriginalString);

        // Used once; every session ended; the old password is gone; the new one still needs the code.
        Assert.Equal(HttpStatusCode.NotFound, (await pages.GetAsync(link.AbsolutePath)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await session.GetAsync(new Uri("/api/v1/staff/me", UriKind.Relative), Ct)).StatusCode);
        using var anonymous = App.CreateApiClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await LoginAsync(anonymous, staff.Email, staff.Password, App.CurrentCode(staff))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await anonymous.PostAsJsonAsync("/api/v1/staff/login", new { email = staff.Email, password = NewPassword }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await LoginAsync(anonymous, staff.Email, NewPassword, App.CurrentCode(staff))).StatusCode);
        App.Clock.AdvanceSeconds(30);

        // The same through the API; a link not used within 24 hours opens nothing.
        var second = new Uri((await (await admin.PostAsync(new Uri($"/api/v1/admin/staff/{staff.Id}/password-reset", UriKind.Relative), null, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("link").GetString()!);
        var token = second.AbsolutePath.Split('/')[^1];
        Assert.Equal(HttpStatusCode.BadRequest, (await anonymous.PostAsJsonAsync($"/api/v1/password-resets/{token}", new { password = "tandem tandem tandem" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await anonymous.PostAsJsonAsync($"/api/v1/password-resets/{token}", new { password = NewPassword + " encore" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.PostAsJsonAsync($"/api/v1/password-resets/{token}", new { password = NewPassword + " encore" }, Ct)).StatusCode);
        var third = new Uri((await (await admin.PostAsync(new Uri($"/api/v1/admin/staff/{staff.Id}/password-reset", UriKind.Relative), null, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("link").GetString()!);
        App.Clock.AdvanceHours(25);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.PostAsJsonAsync($"/api/v1/password-resets/{third.AbsolutePath.Split('/')[^1]}", new { password = NewPassword }, Ct)).StatusCode);
    }

    [Fact]
    public async Task SecurityPage_ChangesThePassword_KeepsThisSession_AndSignsOutEverywhereOnRequest()
    {
        var staff = await App.CreateStaffAsync(Roles.Coordinator);
        using var other = await App.ApiClientAsAsync(staff);
        using var pages = await App.PagesAsAsync(staff);
        await pages.GetAsync("/espace/securite");
        var changed = await pages.PostFormAsync("/espace/securite?handler=Password", new Dictionary<string, string?>
        {
            ["CurrentPassword"] = staff.Password,
            ["Password"] = NewPassword,
            ["PasswordConfirmation"] = NewPassword,
        });
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        await pages.FollowAsync(changed);
        Assert.Contains("Votre mot de passe est changé", pages.LastHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await other.GetAsync(new Uri("/api/v1/staff/me", UriKind.Relative), Ct)).StatusCode);

        var ended = await pages.PostFormAsync("/espace/securite?handler=EndSessions", new Dictionary<string, string?>());
        Assert.Equal("/connexion", ended.Headers.Location?.OriginalString);
        var after = await pages.GetAsync("/espace");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
    }
}

public sealed class PasswordChangeTestsOnSqlite(SqliteFixture fixture) : PasswordChangeTests(fixture), IClassFixture<SqliteFixture>;

public sealed class PasswordChangeTestsOnPostgres(PostgresFixture fixture) : PasswordChangeTests(fixture), IClassFixture<PostgresFixture>;
