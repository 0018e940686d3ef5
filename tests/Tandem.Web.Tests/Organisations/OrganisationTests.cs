using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tandem.Core.Data;
using Tandem.Core.Security;
using Tandem.Web.Tests.Support;

namespace Tandem.Web.Tests.Organisations;

public abstract class OrganisationTests(AppFixture fixture) : AppTests(fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<(Guid Id, string Code, HttpClient Admin)> OrganisationAsync()
    {
        var admin = await App.ApiClientAsAsync(await App.CreateStaffAsync(Roles.Administrator));
        var created = await admin.PostAsJsonAsync("/api/v1/organisations", new { name = "Scierie " + Guid.NewGuid().ToString("N")[..4], kind = "company" }, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>(Ct);
        return (body.GetProperty("id").GetGuid(), body.GetProperty("code").GetString()!, admin);
    }

    private static async Task<Guid> UnitAsync(HttpClient admin, Guid orgId, string kind, string name, int? headcount = null)
    {
        var added = await admin.PostAsJsonAsync($"/api/v1/organisations/{orgId}/units", new { kind, name, headcount }, Ct);
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        return (await added.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();
    }

    private async Task<TestStaff> ContactOfAsync(HttpClient admin, Guid orgId)
    {
        var contact = await App.CreateStaffAsync(Roles.OrganisationContact);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsJsonAsync($"/api/v1/organisations/{orgId}/contacts", new { staffId = contact.Id }, Ct)).StatusCode);
        return contact;
    }

    [Fact]
    public async Task Organisation_IsReadByItsContacts_TheCoordinationAndAdministrators_AnyoneElseGets404()
    {
        var (orgId, code, admin) = await OrganisationAsync();
        Assert.Matches("^[A-Z2-9]{10}$", code);
        var department = await UnitAsync(admin, orgId, "department", "Sciage", 42);
        await UnitAsync(admin, orgId, "job_family", "Ouvriers");
        var (otherOrg, _, _) = await OrganisationAsync();

        var allowed = new[]
        {
            admin,
            await App.ApiClientAsAsync(await App.CreateStaffAsync(Roles.Coordinator)),
            await App.ApiClientAsAsync(await ContactOfAsync(admin, orgId)),
        };
        foreach (var client in allowed)
        {
            var view = await client.GetFromJsonAsync<JsonElement>($"/api/v1/organisations/{orgId}", Ct);
            Assert.Equal(code, view.GetProperty("code").GetString());
            var d = Assert.Single(view.GetProperty("departments").EnumerateArray());
            Assert.Equal(department, d.GetProperty("id").GetGuid());
            Assert.Equal("Sciage", d.GetProperty("name").GetString());
            Assert.Equal("Ouvriers", Assert.Single(view.GetProperty("jobFamilies").EnumerateArray()).GetProperty("name").GetString());
        }

        var request = await App.CreateRequestAsync();
        var denied = new[]
        {
            await App.ApiClientAsAsync(await ContactOfAsync(admin, otherOrg)),
            await App.ApiClientAsAsync(await App.CreatePractitionerAsync("Praticien", "coach", Core.Requests.Modality.Video)),
            await App.BeneficiaryClientAsync(request.AccessCode),
        };
        foreach (var client in denied)
        {
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/organisations/{orgId}", Ct)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsJsonAsync($"/api/v1/organisations/{orgId}/onboarding", new { kind = "live", date = "2026-11-01", attendees = "x" }, Ct)).StatusCode);
        }

        using var anonymous = App.CreateApiClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/api/v1/organisations/{orgId}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await allowed[1].PostAsJsonAsync("/api/v1/organisations", new { name = "Non", kind = "company" }, Ct)).StatusCode);
        foreach (var client in allowed.Concat(denied))
        {
            client.Dispose();
        }
    }

    [Fact]
    public async Task TheEnrolmentCode_IsAcceptedAsTypedLoosely_AndUnitsMergeWithTheirRequests()
    {
        var (orgId, code, admin) = await OrganisationAsync();
        var small = await UnitAsync(admin, orgId, "department", "Affûtage", 3);
        var large = await UnitAsync(admin, orgId, "department", "Sciage", 40);
        var job = await UnitAsync(admin, orgId, "job_family", "Ouvriers");
        var loose = $" {code[..5].ToLowerInvariant()}-{code[5..]} ";
        var request = await App.CreateRequestAsync(new { themes = new[] { "stress" }, modality = "phone", organisationCode = loose, department = small, jobFamily = job });

        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsJsonAsync($"/api/v1/organisations/{orgId}/units/{small}/merge", new { intoId = job }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsJsonAsync($"/api/v1/organisations/{orgId}/units/{small}/merge", new { intoId = large }, Ct)).StatusCode);
        var view = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/organisations/{orgId}", Ct);
        var department = Assert.Single(view.GetProperty("departments").EnumerateArray());
        Assert.Equal(43, department.GetProperty("headcount").GetInt32());

        await using var scope = App.Scope();
        var db = scope.ServiceProvider.GetRequiredService<TandemDbContext>();
        var saved = await db.Requests.AsNoTracking().SingleAsync(r => r.Id == request.RequestId, Ct);
        Assert.Equal(orgId, saved.OrganisationId);
        Assert.Equal(large, saved.DepartmentId);
        admin.Dispose();
    }

    [Fact]
    public async Task Onboarding_IndicatorsAgreed_NeedsAMinimumOfAtLeastFiveAndKnownTables()
    {
        var (orgId, _, admin) = await OrganisationAsync();
        using var coordination = await App.ApiClientAsAsync(await App.CreateStaffAsync(Roles.Coordinator));
        var path = $"/api/v1/organisations/{orgId}/onboarding";
        Assert.Equal(HttpStatusCode.Created, (await coordination.PostAsJsonAsync(path, new { kind = "management_meeting", date = "2026-09-01", attendees = "DRH, directeur de site", note = "Accord sur la démarche." }, Ct)).StatusCode);

        var bad = await coordination.PostAsJsonAsync(path, new { kind = "indicators_agreed", date = "2026-09-15", attendees = "CSE", minimumCell = 3, tables = new[] { "department", "salary" } }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await bad.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("minimumCell", out _));
        Assert.True(errors.TryGetProperty("tables", out _));
        Assert.Equal(HttpStatusCode.BadRequest, (await coordination.PostAsJsonAsync(path, new { kind = "live", attendees = "" }, Ct)).StatusCode);

        Assert.Equal(JsonValueKind.Null, (await coordination.GetFromJsonAsync<JsonElement>($"/api/v1/organisations/{orgId}", Ct)).GetProperty("indicators").ValueKind);
        Assert.Equal(HttpStatusCode.Created, (await coordination.PostAsJsonAsync(path, new { kind = "indicators_agreed", date = "2026-09-15", attendees = "CSE, CSSCT, direction", minimumCell = 5, tables = new[] { "department", "theme", "risk_factor" } }, Ct)).StatusCode);
        var view = await coordination.GetFromJsonAsync<JsonElement>($"/api/v1/organisations/{orgId}", Ct);
        Assert.Equal(5, view.GetProperty("indicators").GetProperty("minimumCell").GetInt32());
        Assert.Equal(["department", "theme", "risk_factor"], view.GetProperty("indicators").GetProperty("tables").EnumerateArray().Select(t => t.GetString()).ToArray());
        Assert.Equal(2, view.GetProperty("onboarding").GetArrayLength());
        admin.Dispose();
    }

    [Fact]
    public async Task Pages_AContactLandsOnTheirOrganisation_AndCannotOpenAnother()
    {
        var (orgId, code, admin) = await OrganisationAsync();
        var (otherOrg, _, _) = await OrganisationAsync();
        var contact = await ContactOfAsync(admin, orgId);
        using var pages = await App.PagesAsAsync(contact);
        var landing = await pages.FollowAsync(await pages.GetAsync("/organisations"));
        Assert.Equal(HttpStatusCode.OK, landing.StatusCode);
        Assert.Contains(code, pages.LastHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("Enregistrer la convention", pages.LastHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await pages.GetAsync($"/organisations/{otherOrg}")).StatusCode);

        using var adminPages = await App.PagesAsAsync(await App.CreateStaffAsync(Roles.Administrator));
        await adminPages.GetAsync("/organisations");
        var created = await adminPages.FollowAsync(await adminPages.PostFormAsync("/organisations", new Dictionary<string, string?> { ["Name"] = "Clinique du Parc", ["Kind"] = "institution" }));
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        Assert.Contains("Clinique du Parc", adminPages.LastHtml, StringComparison.Ordinal);
        var step = await adminPages.PostFormAsync(created.RequestMessage!.RequestUri!.AbsolutePath + "?handler=Step",
            new Dictionary<string, string?> { ["kind"] = "indicators_agreed", ["date"] = "2026-10-01", ["attendees"] = "CSE", ["minimumCell"] = "4", ["tables"] = "theme" });
        Assert.Equal(HttpStatusCode.OK, step.StatusCode);
        Assert.Contains("au moins 5", adminPages.LastHtml, StringComparison.Ordinal);
        admin.Dispose();
    }

    [Fact]
    public async Task InformationKit_PosterAndFlyer_InFrenchAndEnglish_CarryTheCodeAndTheRequestLink()
    {
        var (orgId, code, admin) = await OrganisationAsync();
        foreach (var (document, lang, phrase) in new[] { ("poster", "fr", "Notre engagement"), ("flyer", "en", "Our promise") })
        {
            var response = await admin.GetAsync($"/api/v1/organisations/{orgId}/kit/{document}.pdf?lang={lang}", Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
            using var pdf = UglyToad.PdfPig.PdfDocument.Open(await response.Content.ReadAsByteArrayAsync(Ct));
            var page = pdf.GetPage(1);
            var text = string.Join(" ", page.GetWords().Select(w => w.Text));
            Assert.Contains(code, text, StringComparison.Ordinal);
            Assert.Contains($"/demande?code={code}", text, StringComparison.Ordinal);
            Assert.Contains(phrase.Split(' ')[1], text, StringComparison.Ordinal);
            Assert.Contains("3114", text, StringComparison.Ordinal);
            Assert.NotEmpty(page.GetImages());
        }

        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/api/v1/organisations/{orgId}/kit/leaflet.pdf", Ct)).StatusCode);
        using var practitioner = await App.ApiClientAsAsync(await App.CreatePractitionerAsync("Kit", "coach", Core.Requests.Modality.Video));
        Assert.Equal(HttpStatusCode.NotFound, (await practitioner.GetAsync($"/api/v1/organisations/{orgId}/kit/poster.pdf", Ct)).StatusCode);

        // The QR code's target opens the request form with the code filled in.
        using var visitor = App.CreatePageClient();
        Assert.Equal(HttpStatusCode.OK, (await visitor.GetAsync($"/demande?code={code}")).StatusCode);
        Assert.Contains($"code={code}", visitor.LastHtml, StringComparison.Ordinal);
        await visitor.GetAsync($"/demande?urgence=non&code={code}");
        Assert.Contains($"value=\"{code}\"", visitor.LastHtml, StringComparison.Ordinal);
        admin.Dispose();
    }
}

public sealed class OrganisationTestsOnSqlite(SqliteFixture fixture) : OrganisationTests(fixture), IClassFixture<SqliteFixture>;

public sealed class OrganisationTestsOnPostgres(PostgresFixture fixture) : OrganisationTests(fixture), IClassFixture<PostgresFixture>;
