using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tandem.Core.Security;
using Tandem.Web.Tests.Support;

namespace Tandem.Web.Tests.Practitioners;

public abstract class ProfileTests(AppFixture fixture) : AppTests(fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static object Profile(string name) => new
    {
        publicName = name,
        disciplines = new[] { "work_psychologist", "coach" },
        languages = new[] { "fr", "en" },
        presentation = "Vingt ans d'accompagnement des collectifs de travail.",
        modalities = new[] { "in_person", "video" },
    };

    [Fact]
    public async Task Practitioner_SavesOwnProfile_ShownPubliclyWithDisciplinesOnTheApiAndTheHomePage()
    {
        var practitioner = await App.CreateStaffAsync(Roles.Practitioner);
        using var client = await App.ApiClientAsAsync(practitioner);
        var name = $"Camille {Guid.NewGuid():N}"[..16];
        var saved = await client.PutAsJsonAsync($"/api/v1/practitioners/{practitioner.Id}/profile", Profile(name), Ct);
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);

        using var anonymous = App.CreateApiClient();
        var list = await anonymous.GetFromJsonAsync<JsonElement>("/api/v1/practitioners", Ct);
        var mine = list.EnumerateArray().Single(p => p.GetProperty("name").GetString() == name);
        Assert.Equal(["work_psychologist", "coach"], mine.GetProperty("disciplines").EnumerateArray().Select(d => d.GetString()).ToArray());
        Assert.Equal(["in_person", "video"], mine.GetProperty("modalities").EnumerateArray().Select(d => d.GetString()).ToArray());

        using var pages = App.CreatePageClient();
        await pages.GetAsync("/");
        Assert.Contains(name, pages.LastHtml, StringComparison.Ordinal);
        Assert.Contains("psychologue du travail, coach", pages.LastHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Profile_OfSomeoneElse_AsPractitionerOrCoordinator_Returns404_AsAdministrator_Saves()
    {
        var owner = await App.CreateStaffAsync(Roles.Practitioner);
        foreach (var role in new[] { Roles.Practitioner, Roles.Coordinator, Roles.OrganisationContact })
        {
            var other = await App.CreateStaffAsync(role);
            using var client = await App.ApiClientAsAsync(other);
            Assert.Equal(HttpStatusCode.NotFound, (await client.PutAsJsonAsync($"/api/v1/practitioners/{owner.Id}/profile", Profile("Intrus"), Ct)).StatusCode);
        }

        var admin = await App.CreateStaffAsync(Roles.Administrator);
        using var adminClient = await App.ApiClientAsAsync(admin);
        Assert.Equal(HttpStatusCode.OK, (await adminClient.PutAsJsonAsync($"/api/v1/practitioners/{owner.Id}/profile", Profile("Par l'admin"), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await adminClient.PutAsJsonAsync($"/api/v1/practitioners/{admin.Id}/profile", Profile("Pas intervenant"), Ct)).StatusCode);
    }

    [Fact]
    public async Task Profile_WithBadInput_Returns400NamingEachField()
    {
        var practitioner = await App.CreateStaffAsync(Roles.Practitioner);
        using var client = await App.ApiClientAsAsync(practitioner);
        var response = await client.PutAsJsonAsync($"/api/v1/practitioners/{practitioner.Id}/profile",
            new { publicName = "", disciplines = new[] { "astrologer" }, languages = new[] { "français" }, modalities = Array.Empty<string>(), presentation = new string('x', 1001) }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors");
        foreach (var field in new[] { "publicName", "disciplines", "languages", "modalities", "presentation" })
        {
            Assert.True(errors.TryGetProperty(field, out _), $"no error for {field}");
        }
    }

    [Fact]
    public async Task Profile_OfADeactivatedPractitioner_IsNoLongerShown()
    {
        var practitioner = await App.CreateStaffAsync(Roles.Practitioner);
        var name = $"Partant {Guid.NewGuid():N}"[..16];
        using (var client = await App.ApiClientAsAsync(practitioner))
        {
            await client.PutAsJsonAsync($"/api/v1/practitioners/{practitioner.Id}/profile", Profile(name), Ct);
        }

        var admin = await App.CreateStaffAsync(Roles.Administrator);
        using var adminClient = await App.ApiClientAsAsync(admin);
        await adminClient.PostAsync(new Uri($"/api/v1/admin/staff/{practitioner.Id}/deactivate", UriKind.Relative), null, Ct);
        using var anonymous = App.CreateApiClient();
        var list = await anonymous.GetFromJsonAsync<JsonElement>("/api/v1/practitioners", Ct);
        Assert.DoesNotContain(list.EnumerateArray(), p => p.GetProperty("name").GetString() == name);
    }

    [Fact]
    public async Task ProfilePage_ForAPractitioner_SavesWithoutJavaScript_AndIsClosedToOthers()
    {
        var practitioner = await App.CreateStaffAsync(Roles.Practitioner);
        using var pages = await App.PagesAsAsync(practitioner);
        await pages.GetAsync("/espace/profil");
        var values = new List<KeyValuePair<string, string>>
        {
            new("PublicName", "Dominique Page"), new("Disciplines", "social_worker"), new("Modalities", "phone"), new("Languages", "fr"),
            new("__af", PageClient.AntiforgeryToken(pages.LastHtml)!),
        };
        var saved = await pages.Http.PostAsync(new Uri("/espace/profil", UriKind.Relative), new FormUrlEncodedContent(values), Ct);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        await pages.GetAsync("/espace/profil");
        Assert.Contains("value=\"Dominique Page\"", pages.LastHtml, StringComparison.Ordinal);

        var coordinator = await App.CreateStaffAsync(Roles.Coordinator);
        using var other = await App.PagesAsAsync(coordinator);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync("/espace/profil")).StatusCode);
    }
}

public sealed class ProfileTestsOnSqlite(SqliteFixture fixture) : ProfileTests(fixture), IClassFixture<SqliteFixture>;

public sealed class ProfileTestsOnPostgres(PostgresFixture fixture) : ProfileTests(fixture), IClassFixture<PostgresFixture>;
