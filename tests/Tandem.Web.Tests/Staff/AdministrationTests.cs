using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Tandem.Core.Security;
using Tandem.Web.Tests.Support;

namespace Tandem.Web.Tests.Staff;

public abstract class AdministrationTests(AppFixture fixture) : AppTests(fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(Roles.Coordinator)]
    [InlineData(Roles.Practitioner)]
    [InlineData(Roles.OrganisationContact)]
    public async Task AdminApi_AsOtherRole_Returns404(string role)
    {
        var staff = await App.CreateStaffAsync(role);
        using var client = await App.ApiClientAsAsync(staff);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(new Uri("/api/v1/admin/staff", UriKind.Relative), Ct)).StatusCode);
        var invite = await client.PostAsJsonAsync("/api/v1/admin/invitations", new { displayName = "X", email = "x@example.fr", role = "administrator" }, Ct);
        Assert.Equal(HttpStatusCode.NotFound, invite.StatusCode);
    }

    [Fact]
    public async Task SuitedPairs_AdministratorAddsAndRemoves_BadRulesAre400_OthersGet404()
    {
        var administrator = await App.CreateStaffAsync(Roles.Administrator);
        using var admin = await App.ApiClientAsAsync(administrator);
        var seeded = await admin.GetFromJsonAsync<JsonElement>("/api/v1/admin/suited-pairs", Ct);
        Assert.Contains(seeded.EnumerateArray(), p => p.GetProperty("theme").GetString() == "harassment" && p.GetProperty("disciplineB").GetString() == "labour_lawyer");

        var same = await admin.PostAsJsonAsync("/api/v1/admin/suited-pairs", new { theme = "stress", disciplineA = "coach", disciplineB = "coach" }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, same.StatusCode);
        var unknown = await admin.PostAsJsonAsync("/api/v1/admin/suited-pairs", new { theme = "astrology", disciplineA = "coach", disciplineB = "labour_lawyer" }, Ct);
        Assert.True((await unknown.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").TryGetProperty("theme", out _));

        var added = await admin.PostAsJsonAsync("/api/v1/admin/suited-pairs", new { theme = "other", disciplineA = "labour_lawyer", disciplineB = "coach" }, Ct);
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        var id = (await added.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetInt32();
        var again = await admin.PostAsJsonAsync("/api/v1/admin/suited-pairs", new { theme = "other", disciplineA = "coach", disciplineB = "labour_lawyer" }, Ct);
        Assert.Equal(id, (await again.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetInt32());
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync(new Uri($"/api/v1/admin/suited-pairs/{id}", UriKind.Relative), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.DeleteAsync(new Uri($"/api/v1/admin/suited-pairs/{id}", UriKind.Relative), Ct)).StatusCode);

        var coordinator = await App.CreateStaffAsync(Roles.Coordinator);
        using var other = await App.ApiClientAsAsync(coordinator);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync(new Uri("/api/v1/admin/suited-pairs", UriKind.Relative), Ct)).StatusCode);
    }

    [Fact]
    public async Task AdminApi_Anonymous_Returns401()
    {
        using var client = App.CreateApiClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync(new Uri("/api/v1/admin/staff", UriKind.Relative), Ct)).StatusCode);
    }

    [Fact]
    public async Task Invite_WithBadInput_Returns400NamingEachField()
    {
        var administrator = await App.CreateStaffAsync(Roles.Administrator);
        using var client = await App.ApiClientAsAsync(administrator);
        var response = await client.PostAsJsonAsync("/api/v1/admin/invitations", new { displayName = new string('x', 500), email = "nope", role = "boss" }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("displayName", out _));
        Assert.True(errors.TryGetProperty("email", out _));
        Assert.True(errors.TryGetProperty("role", out _));
    }

    [Fact]
    public async Task Invite_ExistingEmail_Returns400()
    {
        var administrator = await App.CreateStaffAsync(Roles.Administrator);
        using var client = await App.ApiClientAsAsync(administrator);
        var response = await client.PostAsJsonAsync("/api/v1/admin/invitations", new { displayName = "Twin", email = administrator.Email, role = "coordinator" }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Invitation_ThroughThePages_CreatesAnAccountOnce()
    {
        var administrator = await App.CreateStaffAsync(Roles.Administrator);
        using var admin = await App.PagesAsAsync(administrator);
        await admin.GetAsync("/admin/equipe");
        var email = $"invited-{Guid.NewGuid():N}@example.fr";
        var post = await admin.PostFormAsync("/admin/equipe?handler=Invite", new Dictionary<string, string?>
        {
            ["Invite.DisplayName"] = "Invitée",
            ["Invite.Email"] = email,
            ["Invite.Role"] = "coordinator",
        });
        Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        var link = Regex.Match(admin.LastHtml, "data-testid=\"invitation-link\">([^<]+)<").Groups[1].Value;
        var path = new Uri(link).AbsolutePath;

        using var invitee = App.CreatePageClient();
        Assert.Equal(HttpStatusCode.OK, (await invitee.GetAsync(path)).StatusCode);
        Assert.Contains(email, invitee.LastHtml, StringComparison.Ordinal);
        var accept = await invitee.PostFormAsync(path, new Dictionary<string, string?> { ["Password"] = StaffHelpers.Password, ["PasswordConfirmation"] = StaffHelpers.Password });
        Assert.Equal("/connexion", accept.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.NotFound, (await invitee.GetAsync(path)).StatusCode);
    }

    [Fact]
    public async Task Deactivate_StopsTheTokensAndSessionsOfThatAccount()
    {
        var administrator = await App.CreateStaffAsync(Roles.Administrator);
        var coordinator = await App.CreateStaffAsync(Roles.Coordinator);
        using var admin = await App.ApiClientAsAsync(administrator);
        using var target = await App.ApiClientAsAsync(coordinator);
        using var targetPages = await App.PagesAsAsync(coordinator);
        Assert.Equal(HttpStatusCode.OK, (await target.GetAsync(new Uri("/api/v1/staff/me", UriKind.Relative), Ct)).StatusCode);

        var off = await admin.PostAsync(new Uri($"/api/v1/admin/staff/{coordinator.Id}/deactivate", UriKind.Relative), null, Ct);
        Assert.Equal(HttpStatusCode.OK, off.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await target.GetAsync(new Uri("/api/v1/staff/me", UriKind.Relative), Ct)).StatusCode);

        App.Clock.AdvanceMinutes(2);
        Assert.Equal(HttpStatusCode.Redirect, (await targetPages.GetAsync("/espace")).StatusCode);

        using var again = App.CreateApiClient();
        var login = await again.PostAsJsonAsync("/api/v1/staff/login", new { email = coordinator.Email, password = coordinator.Password, totp = App.CurrentCode(coordinator) }, Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, login.StatusCode);
    }

    [Fact]
    public async Task ChangeRole_TakesEffectOnTheNextCall()
    {
        var administrator = await App.CreateStaffAsync(Roles.Administrator);
        var other = await App.CreateStaffAsync(Roles.Administrator);
        using var admin = await App.ApiClientAsAsync(administrator);
        using var otherClient = await App.ApiClientAsAsync(other);
        Assert.Equal(HttpStatusCode.OK, (await otherClient.GetAsync(new Uri("/api/v1/admin/staff", UriKind.Relative), Ct)).StatusCode);

        var change = await admin.PutAsJsonAsync($"/api/v1/admin/staff/{other.Id}/role", new { role = "practitioner" }, Ct);
        Assert.Equal(HttpStatusCode.OK, change.StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, (await otherClient.GetAsync(new Uri("/api/v1/admin/staff", UriKind.Relative), Ct)).StatusCode);
    }

    [Fact]
    public async Task ChangeRole_OfTheLastAdministrator_IsRefused()
    {
        var single = await App.CreateStaffAsync(Roles.Administrator);
        using var admin = await App.ApiClientAsAsync(single);
        var admins = (await admin.GetFromJsonAsync<JsonElement>("/api/v1/admin/staff", Ct)).EnumerateArray()
            .Where(s => s.GetProperty("role").GetString() == "administrator" && s.GetProperty("active").GetBoolean())
            .Select(s => s.GetProperty("id").GetGuid())
            .ToList();

        // Demote every other administrator first, then the last one must keep the role.
        foreach (var id in admins.Where(id => id != single.Id))
        {
            Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/api/v1/admin/staff/{id}/role", new { role = "coordinator" }, Ct)).StatusCode);
        }

        var self = await admin.PutAsJsonAsync($"/api/v1/admin/staff/{single.Id}/role", new { role = "coordinator" }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, self.StatusCode);
    }
}

public sealed class AdministrationTestsOnSqlite(SqliteFixture fixture) : AdministrationTests(fixture), IClassFixture<SqliteFixture>;

public sealed class AdministrationTestsOnPostgres(PostgresFixture fixture) : AdministrationTests(fixture), IClassFixture<PostgresFixture>;
