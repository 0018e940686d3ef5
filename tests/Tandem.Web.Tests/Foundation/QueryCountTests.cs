using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using NodaTime;
using NodaTime.Text;
using Tandem.Core.Security;
using Tandem.Web.Tests.Support;

namespace Tandem.Web.Tests.Foundation;

/// <summary>
/// No page runs more than eight SQL commands (issue 8), whatever is on it: an N+1 query fails here.
/// Every page is filled first, so a loop over rows would show.
/// </summary>
public abstract class QueryCountTests(AppFixture fixture) : AppTests(fixture)
{
    public const int MaxQueriesPerPage = 8;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task EveryPage_RunsAtMostEightQueries()
    {
        App.Server.PreserveExecutionContext = true;
        var @case = await App.BookedCaseAsync();
        var requestId = @case.Request.RequestId;
        using var coordinationApi = await App.ApiClientAsAsync(await App.CreateStaffAsync(Roles.Coordinator));
        using var adminApi = await App.ApiClientAsAsync(await App.CreateStaffAsync(Roles.Administrator));
        var created = await (await adminApi.PostAsJsonAsync("/api/v1/organisations", new { name = "Foyer des Requêtes", kind = "institution" }, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        var orgId = created.GetProperty("id").GetGuid();
        foreach (var name in new[] { "Soins", "Cuisine", "Accueil" })
        {
            (await adminApi.PostAsJsonAsync($"/api/v1/organisations/{orgId}/units", new { kind = "department", name, headcount = 30 }, Ct)).EnsureSuccessStatusCode();
        }

        var contact = await App.CreateStaffAsync(Roles.OrganisationContact);
        (await adminApi.PostAsJsonAsync($"/api/v1/organisations/{orgId}/contacts", new { staffId = contact.Id }, Ct)).EnsureSuccessStatusCode();
        var psychologistProfile = await App.ProfileIdAsync(@case.Psychologist);
        var today = App.Clock.GetCurrentInstant().InZone(DateTimeZoneProviders.Tzdb["Europe/Paris"]).Date;
        var programme = (await (await coordinationApi.PostAsJsonAsync($"/api/v1/organisations/{orgId}/programmes", new
        {
            type = "supervision",
            facilitatorId = psychologistProfile,
            participants = new[] { "Anne Roy", "Bruno Lefort", "Chloé Vidal", "David Perrin" },
            startDate = LocalDatePattern.Iso.Format(today),
            endDate = LocalDatePattern.Iso.Format(today.PlusYears(1)),
            sessionsPerMonth = 2,
            hourlyRate = 120,
        }, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();
        var group = await coordinationApi.CreateGroupAsync(new { kind = "support_group", title = "Groupe des requêtes", facilitatorIds = new[] { psychologistProfile }, modality = "video", capacity = 12 });
        await coordinationApi.PlanSessionsAsync(group, new { start = InstantPattern.ExtendedIso.Format(App.Clock.GetCurrentInstant() + Duration.FromDays(5)), minutes = 90, repeat = 3 });
        await App.ProposeGroupsAsync(requestId);
        for (var i = 0; i < 3; i++)
        {
            var (_, member) = await App.EligiblePersonAsync("Membre " + i);
            (await member.PostAsJsonAsync($"/api/v1/beneficiary/groups/{group}/enrolments", new { }, Ct)).EnsureSuccessStatusCode();
            member.Dispose();
        }

        var pages = new (string Who, PageClient Client, string[] Paths)[]
        {
            ("anonymous", App.CreatePageClient(), ["/", "/demande", "/charte", "/mon-espace/connexion", "/connexion"]),
            ("beneficiary", await SpaceAsync(@case.Request.AccessCode), ["/mon-espace", "/mon-espace/groupes", $"/mon-espace/creneaux/{requestId}?deplacer={@case.AppointmentId}"]),
            ("coordinator", await App.PagesAsAsync(await App.CreateStaffAsync(Roles.Coordinator)),
                ["/espace", "/coordination", $"/coordination/demandes/{requestId}", "/coordination/agenda", "/coordination/astreinte", "/organisations",
                 $"/organisations/{orgId}", $"/organisations/{orgId}/facturation", "/espace/groupes", $"/espace/groupes/{group}", $"/programmes/{programme}"]),
            ("practitioner", await App.PagesAsAsync(@case.Psychologist),
                ["/espace/entretiens", "/espace/dossiers", $"/espace/dossiers/{requestId}", "/espace/orientations", "/espace/ligne", "/espace/disponibilites",
                 "/espace/profil", "/espace/programmes", "/espace/securite", "/espace/groupes"]),
            ("administrator", await App.PagesAsAsync(await App.CreateStaffAsync(Roles.Administrator)), ["/admin/equipe", "/admin/binomes", "/admin/journal"]),
            ("contact", await App.PagesAsAsync(contact), [$"/organisations/{orgId}", $"/programmes/{programme}", $"/organisations/{orgId}/facturation"]),
        };
        var counts = new List<string>();
        foreach (var (who, client, paths) in pages)
        {
            foreach (var path in paths)
            {
                HttpResponseMessage? response = null;
                var commands = await QueryCounter.CountAsync(async () => response = await client.GetAsync(path));
                var queries = commands.Count;
                Assert.True(response!.StatusCode == HttpStatusCode.OK, $"{who} {path}: {(int)response.StatusCode}");
                var page = $"{who} {System.Text.RegularExpressions.Regex.Replace(path.Split('?')[0], "[0-9a-f]{8}-[0-9a-f-]{27}", "{id}")}";
                counts.Add($"{(queries > MaxQueriesPerPage ? "TOO MANY " : string.Empty)}{page}: {queries}"
                    + (queries > MaxQueriesPerPage || Environment.GetEnvironmentVariable("TANDEM_SHOW_QUERIES") == page ? "\n    " + string.Join("\n    ", commands) : string.Empty));
            }

            client.Dispose();
        }

        Assert.True(!counts.Any(c => c.StartsWith("TOO MANY", StringComparison.Ordinal)), string.Join('\n', counts));
        TestContext.Current.SendDiagnosticMessage(string.Join("\n", counts));
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/demande")]
    public async Task HomeAndRequestForm_WeighAtMostSixtyKilobytes_WithEverythingTheyLoad_AndNoScript(string path)
    {
        using var client = App.CreatePageClient();
        var page = await client.Http.GetAsync(path, Ct);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsByteArrayAsync(Ct);
        var text = System.Text.Encoding.UTF8.GetString(html);
        Assert.DoesNotContain("<script", text, StringComparison.OrdinalIgnoreCase);
        var total = html.Length;
        var assets = System.Text.RegularExpressions.Regex.Matches(text, "(?:href|src)=\"(/[^\"]+\\.(?:css|png|svg|ico|woff2?)[^\"]*)\"");
        Assert.Contains(assets, a => a.Groups[1].Value.StartsWith("/css/site.css", StringComparison.Ordinal));
        foreach (System.Text.RegularExpressions.Match asset in assets)
        {
            var response = await client.Http.GetAsync(System.Net.WebUtility.HtmlDecode(asset.Groups[1].Value), Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            total += (await response.Content.ReadAsByteArrayAsync(Ct)).Length;
        }

        Assert.True(total <= 60 * 1024, $"{path} weighs {total} bytes with its assets");
    }

    private async Task<PageClient> SpaceAsync(string code)
    {
        var client = App.CreatePageClient();
        await client.GetAsync("/mon-espace/connexion");
        await client.FollowAsync(await client.PostFormAsync("/mon-espace/connexion", new Dictionary<string, string?> { ["AccessCode"] = code }));
        return client;
    }
}

public sealed class QueryCountTestsOnSqlite(SqliteFixture fixture) : QueryCountTests(fixture), IClassFixture<SqliteFixture>;

public sealed class QueryCountTestsOnPostgres(PostgresFixture fixture) : QueryCountTests(fixture), IClassFixture<PostgresFixture>;
