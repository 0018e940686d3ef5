using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Tandem.Core.Data;
using Tandem.Core.Indicators;
using Tandem.Core.Security;
using Tandem.Web.Tests.Support;

namespace Tandem.Web.Tests.Organisations;

public abstract class IndicatorTests(AppFixture fixture) : AppTests(fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly DateTimeZone Paris = DateTimeZoneProviders.Tzdb["Europe/Paris"];

    private sealed record Org(Guid Id, string Code, Guid A, Guid B, Guid Small, HttpClient Admin);

    private async Task<Org> AgreedOrganisationAsync(bool agree = true)
    {
        var admin = await App.ApiClientAsAsync(await App.CreateStaffAsync(Roles.Administrator));
        var created = await (await admin.PostAsJsonAsync("/api/v1/organisations", new { name = "Tannerie " + Guid.NewGuid().ToString("N")[..4], kind = "company" }, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        var id = created.GetProperty("id").GetGuid();
        async Task<Guid> Unit(string name, int headcount) =>
            (await (await admin.PostAsJsonAsync($"/api/v1/organisations/{id}/units", new { kind = "department", name, headcount }, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();
        var a = await Unit("Tannage", 60);
        var b = await Unit("Expédition", 40);
        var small = await Unit("Direction", 3);
        if (agree)
        {
            (await admin.PostAsJsonAsync($"/api/v1/organisations/{id}/onboarding", new { kind = "indicators_agreed", date = "2026-01-10", attendees = "CSE", minimumCell = 5, tables = new[] { "department", "modality", "theme", "period" } }, Ct)).EnsureSuccessStatusCode();
        }

        return new Org(id, created.GetProperty("code").GetString()!, a, b, small, admin);
    }

    private static string MonthOf(Instant instant) => instant.InZone(Paris).Date.ToString("yyyy-MM", null);

    private void ToNextMonth()
    {
        var today = App.Clock.GetCurrentInstant().InZone(Paris).Date;
        App.Clock.Reset(new LocalDate(today.Year, today.Month, 1).PlusMonths(1).PlusDays(1).AtStartOfDayInZone(Paris).ToInstant());
    }

    /// <summary>
    /// Moves the clock forward to the middle of a month (the 15th, 10:00 in Paris), so that what a test does
    /// within a few hours of "now" falls in one month whatever the time the suite runs at (a run late on the
    /// last day of a month once put the requests in one month and the attendances in the next).
    /// </summary>
    private void ToTheMiddleOfAMonth()
    {
        var now = App.Clock.GetCurrentInstant();
        var today = now.InZone(Paris).Date;
        var middle = new LocalDate(today.Year, today.Month, 15).At(new LocalTime(10, 0)).InZoneLeniently(Paris).ToInstant();
        App.Clock.Reset(middle > now ? middle : new LocalDate(today.Year, today.Month, 15).PlusMonths(1).At(new LocalTime(10, 0)).InZoneLeniently(Paris).ToInstant());
    }

    [Fact]
    public async Task Indicators_OfAClosedMonth_AreControlled_Frozen_AndForTheOrganisationOnly()
    {
        ToTheMiddleOfAMonth();
        var org = await AgreedOrganisationAsync();
        var month = MonthOf(App.Clock.GetCurrentInstant());
        var codes = new List<string>();
        for (var i = 0; i < 9; i++)
        {
            var department = i < 7 ? org.A : org.B;
            codes.Add((await App.CreateRequestAsync(new { themes = new[] { "stress" }, modality = "phone", organisationCode = org.Code, department })).AccessCode);
        }

        var contact = await App.CreateStaffAsync(Roles.OrganisationContact);
        (await org.Admin.PostAsJsonAsync($"/api/v1/organisations/{org.Id}/contacts", new { staffId = contact.Id }, Ct)).EnsureSuccessStatusCode();
        using (var open = await App.ApiClientAsAsync(contact))
        {
            Assert.Equal(HttpStatusCode.Conflict, (await open.GetAsync($"/api/v1/organisations/{org.Id}/indicators?period={month}", Ct)).StatusCode);
            var bad = await open.GetAsync($"/api/v1/organisations/{org.Id}/indicators?period=2026-Q9", Ct);
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        }

        ToNextMonth();
        using var client = await App.ApiClientAsAsync(contact);
        var first = await client.GetStringAsync($"/api/v1/organisations/{org.Id}/indicators?period={month}", Ct);
        var report = JsonDocument.Parse(first).RootElement;
        Assert.False(report.GetProperty("withheld").GetBoolean());
        Assert.Equal(9, report.GetProperty("total").GetInt32());
        Assert.Equal(3, report.GetProperty("caveats").GetArrayLength());
        var departments = report.GetProperty("tables").EnumerateArray().Single(t => t.GetProperty("dimension").GetString() == "department" && t.GetProperty("measure").GetString() == "requests");
        Assert.Equal(9, departments.GetProperty("total").GetInt32());
        var rows = departments.GetProperty("rows").EnumerateArray().ToDictionary(r => r.GetProperty("label").GetString()!, r => r);
        Assert.True(rows["Expédition"].GetProperty("suppressed").GetBoolean());
        Assert.Equal(JsonValueKind.Null, rows["Expédition"].GetProperty("count").ValueKind);
        Assert.True(rows["Tannage"].GetProperty("suppressed").GetBoolean());
        Assert.False(rows.ContainsKey("Direction"));
        Assert.Equal(0, rows["autres"].GetProperty("count").GetInt32());
        Assert.Contains(report.GetProperty("tables").EnumerateArray(), t => t.GetProperty("dimension").GetString() == "waiting_time");
        Assert.Contains(report.GetProperty("tables").EnumerateArray(), t => t.GetProperty("dimension").GetString() == "wellbeing_change");
        var modality = report.GetProperty("tables").EnumerateArray().Single(t => t.GetProperty("dimension").GetString() == "modality");
        Assert.Contains(modality.GetProperty("rows").EnumerateArray(), r => r.GetProperty("count").ValueKind == JsonValueKind.Number && r.GetProperty("count").GetInt32() == 9);

        // Erasing a space afterwards changes nothing in the frozen period.
        using (var person = await App.BeneficiaryClientAsync(codes[0]))
        {
            Assert.Equal(HttpStatusCode.NoContent, (await person.DeleteAsync("/api/v1/beneficiary/me", Ct)).StatusCode);
        }

        Assert.Equal(first, await client.GetStringAsync($"/api/v1/organisations/{org.Id}/indicators?period={month}", Ct));
        using (var coordination = await App.ApiClientAsAsync(await App.CreateStaffAsync(Roles.Coordinator)))
        {
            Assert.Equal(HttpStatusCode.OK, (await coordination.GetAsync($"/api/v1/organisations/{org.Id}/indicators?period={month}", Ct)).StatusCode);
        }

        var csv = await client.GetAsync($"/api/v1/organisations/{org.Id}/indicators.csv?period={month}", Ct);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var text = await csv.Content.ReadAsStringAsync(Ct);
        Assert.Contains("masqué", text, StringComparison.Ordinal);
        Assert.Contains("absence de sollicitations", text, StringComparison.Ordinal);

        var pdfResponse = await client.GetAsync($"/api/v1/organisations/{org.Id}/indicators.pdf?period={month}", Ct);
        Assert.Equal("application/pdf", pdfResponse.Content.Headers.ContentType?.MediaType);
        using (var pdf = UglyToad.PdfPig.PdfDocument.Open(await pdfResponse.Content.ReadAsByteArrayAsync(Ct)))
        {
            var words = string.Join(" ", pdf.GetPages().SelectMany(p => p.GetWords()).Select(w => w.Text));
            Assert.Contains("souffrance", words, StringComparison.Ordinal);
            Assert.Contains("Tannage", words, StringComparison.Ordinal);
            Assert.Contains("masqué", words, StringComparison.Ordinal);
        }

        var index = report.GetProperty("tables").EnumerateArray().ToList().FindIndex(t => t.GetProperty("dimension").GetString() == "department");
        var chart = await client.GetAsync($"/api/v1/organisations/{org.Id}/indicators/chart.svg?period={month}&table={index}", Ct);
        Assert.Equal("image/svg+xml", chart.Content.Headers.ContentType?.MediaType);
        var svg = await chart.Content.ReadAsStringAsync(Ct);
        Assert.Contains("<svg xmlns", svg, StringComparison.Ordinal);
        Assert.Contains("Tannage", svg, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/organisations/{org.Id}/indicators/chart.svg?period={month}&table=99", Ct)).StatusCode);

        // Another organisation's contact, a practitioner: nothing.
        var other = await AgreedOrganisationAsync();
        var otherContact = await App.CreateStaffAsync(Roles.OrganisationContact);
        (await other.Admin.PostAsJsonAsync($"/api/v1/organisations/{other.Id}/contacts", new { staffId = otherContact.Id }, Ct)).EnsureSuccessStatusCode();
        using var stranger = await App.ApiClientAsAsync(otherContact);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/v1/organisations/{org.Id}/indicators?period={month}", Ct)).StatusCode);
        using var practitioner = await App.ApiClientAsAsync(await App.CreatePractitionerAsync("Intervenante", "coach", Core.Requests.Modality.Video));
        Assert.Equal(HttpStatusCode.NotFound, (await practitioner.GetAsync($"/api/v1/organisations/{org.Id}/indicators.csv?period={month}", Ct)).StatusCode);

        // Pages: the contact reads the same figures with the caveats.
        using var pages = await App.PagesAsAsync(contact);
        Assert.Equal(HttpStatusCode.OK, (await pages.GetAsync($"/organisations/{org.Id}/indicateurs?periode={month}")).StatusCode);
        Assert.Contains("absence de sollicitations ne prouve pas", pages.LastHtml, StringComparison.Ordinal);
        Assert.Contains("masqué", pages.LastHtml, StringComparison.Ordinal);
        Assert.Contains("chart.svg", pages.LastHtml, StringComparison.Ordinal);
        org.Admin.Dispose();
        other.Admin.Dispose();
    }

    [Fact]
    public async Task Indicators_BelowTheMinimum_AreWithheld_AndBeforeTheAgreement_Closed()
    {
        ToTheMiddleOfAMonth();
        var org = await AgreedOrganisationAsync();
        var unagreed = await AgreedOrganisationAsync(agree: false);
        var month = MonthOf(App.Clock.GetCurrentInstant());
        await App.CreateRequestAsync(new { themes = new[] { "stress" }, modality = "phone", organisationCode = org.Code });
        ToNextMonth();
        using var admin = await App.ApiClientAsAsync(await App.CreateStaffAsync(Roles.Administrator));
        var withheld = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/organisations/{org.Id}/indicators?period={month}", Ct);
        Assert.True(withheld.GetProperty("withheld").GetBoolean());
        Assert.Equal(0, withheld.GetProperty("tables").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, withheld.GetProperty("total").ValueKind);
        Assert.Equal(HttpStatusCode.Conflict, (await admin.GetAsync($"/api/v1/organisations/{unagreed.Id}/indicators?period={month}", Ct)).StatusCode);
        org.Admin.Dispose();
        unagreed.Admin.Dispose();
    }

    [Fact]
    public async Task HotlineCalls_AreLoggedByPractitioners_WithoutAnyone_AndCountInTheMonthTheyArrive()
    {
        ToTheMiddleOfAMonth();
        var org = await AgreedOrganisationAsync();
        var other = await AgreedOrganisationAsync();
        using var practitioner = await App.ApiClientAsAsync(await App.CreatePractitionerAsync("De garde", "clinical_psychologist", Core.Requests.Modality.Phone));
        var now = App.Clock.GetCurrentInstant();
        var at = NodaTime.Text.InstantPattern.ExtendedIso.Format(now - Duration.FromMinutes(30));
        var bad = await practitioner.PostAsJsonAsync("/api/v1/hotline/calls", new { at = NodaTime.Text.InstantPattern.ExtendedIso.Format(now + Duration.FromHours(2)), durationMinutes = 0, organisationId = org.Id, department = other.A, themes = new[] { "gossip" } }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await bad.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors");
        foreach (var field in new[] { "at", "durationMinutes", "outcome", "department", "themes" })
        {
            Assert.True(errors.TryGetProperty(field, out _), field);
        }

        for (var i = 0; i < 6; i++)
        {
            var logged = await practitioner.PostAsJsonAsync("/api/v1/hotline/calls", new { at, durationMinutes = 20, organisationId = org.Id, department = org.A, themes = new[] { "burnout" }, outcome = "listened" }, Ct);
            Assert.Equal(HttpStatusCode.Created, logged.StatusCode);
        }

        using var coordination = await App.ApiClientAsAsync(await App.CreateStaffAsync(Roles.Coordinator));
        Assert.Equal(HttpStatusCode.NotFound, (await coordination.PostAsJsonAsync("/api/v1/hotline/calls", new { at, durationMinutes = 5, outcome = "listened" }, Ct)).StatusCode);

        var month = MonthOf(now);
        ToNextMonth();
        using var admin = await App.ApiClientAsAsync(await App.CreateStaffAsync(Roles.Administrator));
        var report = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/organisations/{org.Id}/indicators?period={month}", Ct);
        var calls = report.GetProperty("tables").EnumerateArray().Single(t => t.GetProperty("dimension").GetString() == "department" && t.GetProperty("measure").GetString() == "calls");
        Assert.Equal(6, calls.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("label").GetString() == "Tannage").GetProperty("count").GetInt32());
        org.Admin.Dispose();
        other.Admin.Dispose();
    }

    [Fact]
    public async Task FirstInterviews_CountInTheMonthTheirRecordArrives_WithTheirWaitingTime()
    {
        ToTheMiddleOfAMonth();
        var org = await AgreedOrganisationAsync();
        var @case = await App.BookedCaseAsync(new { themes = new[] { "conflict" }, modality = "video", organisationCode = org.Code });
        App.Clock.Reset(@case.End + Duration.FromMinutes(5));
        using (var pair = await App.ApiClientAsAsync(@case.Psychologist))
        {
            (await pair.PutAsJsonAsync($"/api/v1/cases/{@case.Request.RequestId}/interviews/{@case.AppointmentId}/record", new { held = true, durationMinutes = 90, nextStep = "closed" }, Ct)).EnsureSuccessStatusCode();
        }

        for (var i = 0; i < 5; i++)
        {
            await App.CreateRequestAsync(new { themes = new[] { "stress" }, modality = "phone", organisationCode = org.Code });
        }

        var month = MonthOf(App.Clock.GetCurrentInstant());
        ToNextMonth();
        using var admin = await App.ApiClientAsAsync(await App.CreateStaffAsync(Roles.Administrator));
        var report = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/organisations/{org.Id}/indicators?period={month}", Ct);
        var waiting = report.GetProperty("tables").EnumerateArray().Single(t => t.GetProperty("dimension").GetString() == "waiting_time");
        var rows = waiting.GetProperty("rows").EnumerateArray().ToList();
        Assert.Single(rows, r => r.GetProperty("suppressed").GetBoolean());
        Assert.True(rows[0].GetProperty("suppressed").GetBoolean() || rows[1].GetProperty("suppressed").GetBoolean());
        Assert.Equal(JsonValueKind.Null, waiting.GetProperty("total").ValueKind);
        org.Admin.Dispose();
    }

    [Fact]
    public async Task GroupAttendances_OfPeopleFromTheOrganisation_CountAsAControlledMeasure()
    {
        ToTheMiddleOfAMonth();
        var org = await AgreedOrganisationAsync();
        var facilitator = await App.CreatePractitionerAsync("Animatrice " + org.Code, "clinical_psychologist", Core.Requests.Modality.Video);
        var profile = await App.ProfileIdAsync(facilitator);
        using var coordination = await App.ApiClientAsAsync(await App.CreateStaffAsync(Roles.Coordinator));
        var group = await coordination.CreateGroupAsync(new { kind = "support_group", title = "Groupe " + org.Code, facilitatorIds = new[] { profile }, modality = "video", capacity = 12 });
        var start = App.Clock.GetCurrentInstant() + Duration.FromHours(2);
        var session = (await coordination.PlanSessionsAsync(group, new { start = NodaTime.Text.InstantPattern.ExtendedIso.Format(start), minutes = 90 }))[0];

        // Six people of the organisation and one from elsewhere join; all come.
        var people = new List<(CreatedRequest Request, HttpClient Client)>();
        for (var i = 0; i < 7; i++)
        {
            var request = await App.CreateRequestAsync(i < 6
                ? new { themes = new[] { "stress" }, modality = "video", organisationCode = org.Code, pseudonym = "Membre " + i }
                : (object)new { themes = new[] { "stress" }, modality = "video", pseudonym = "Ailleurs" });
            await App.ProposeGroupsAsync(request.RequestId);
            var client = await App.BeneficiaryClientAsync(request.AccessCode);
            Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync($"/api/v1/beneficiary/groups/{group}/enrolments", new { }, Ct)).StatusCode);
            people.Add((request, client));
        }

        App.Clock.Reset(start + Duration.FromMinutes(100));
        using (var room = await App.ApiClientAsAsync(facilitator))
        {
            var roster = await room.GetFromJsonAsync<JsonElement>($"/api/v1/groups/{group}", Ct);
            var everyone = roster.GetProperty("roster").EnumerateArray().Select(r => r.GetProperty("enrolmentId").GetGuid()).ToArray();
            (await room.PutAsJsonAsync($"/api/v1/groups/{group}/sessions/{session}/attendance", new { present = everyone }, Ct)).EnsureSuccessStatusCode();
        }

        var month = MonthOf(App.Clock.GetCurrentInstant());
        ToNextMonth();
        using var admin = await App.ApiClientAsAsync(await App.CreateStaffAsync(Roles.Administrator));
        var report = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/organisations/{org.Id}/indicators?period={month}", Ct);
        var table = report.GetProperty("tables").EnumerateArray().Single(t => t.GetProperty("measure").GetString() == "attendances" && t.GetProperty("dimension").GetString() == "activity");
        var rows = table.GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal(6, rows.Single(r => r.GetProperty("label").GetString()!.StartsWith("Groupe de parole", StringComparison.Ordinal)).GetProperty("count").GetInt32());
        Assert.Equal(0, rows.Single(r => r.GetProperty("label").GetString()!.StartsWith("Atelier", StringComparison.Ordinal)).GetProperty("count").GetInt32());
        Assert.Equal(6, table.GetProperty("total").GetInt32());
        foreach (var (_, client) in people)
        {
            client.Dispose();
        }

        org.Admin.Dispose();
    }

    [Fact]
    public async Task Indicators_OfAQuarter_AddUpItsMonths_EachCountedOnceAndKept()
    {
        // January and February of a year to come, so the quarter closes in this test whatever the clock did before.
        var year = App.Clock.GetCurrentInstant().InZone(Paris).Year + 2;
        App.Clock.Reset(new LocalDate(year, 1, 10).AtStartOfDayInZone(Paris).ToInstant());
        var org = await AgreedOrganisationAsync();
        var january = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            january.Add((await App.CreateRequestAsync(new { themes = new[] { "stress" }, modality = "phone", organisationCode = org.Code, department = org.A })).AccessCode);
        }

        App.Clock.Reset(new LocalDate(year, 2, 10).AtStartOfDayInZone(Paris).ToInstant());
        for (var i = 0; i < 5; i++)
        {
            await App.CreateRequestAsync(new { themes = new[] { "conflict" }, modality = "video", organisationCode = org.Code, department = org.B });
        }

        // The daily job counts the month that closed (January) and keeps it; February is still open.
        int Kept(TandemDbContext db) => db.IndicatorMonths.Count(m => m.OrganisationId == org.Id);
        await using (var scope = App.Scope())
        {
            Assert.True(await scope.ServiceProvider.GetRequiredService<IndicatorMonths>().KeepLastClosedMonthAsync(ct: Ct) >= 1);
            Assert.Equal(1, Kept(scope.ServiceProvider.GetRequiredService<TandemDbContext>()));
        }

        // A person of January erases her space: January was counted when it closed, and stays as counted.
        using (var person = await App.BeneficiaryClientAsync(january[0]))
        {
            Assert.Equal(HttpStatusCode.NoContent, (await person.DeleteAsync("/api/v1/beneficiary/me", Ct)).StatusCode);
        }

        App.Clock.Reset(new LocalDate(year, 4, 2).AtStartOfDayInZone(Paris).ToInstant());
        using var admin = await App.ApiClientAsAsync(await App.CreateStaffAsync(Roles.Administrator));
        var report = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/organisations/{org.Id}/indicators?period={year}-Q1", Ct);
        Assert.Equal(11, report.GetProperty("total").GetInt32());
        JsonElement TableOf(JsonElement r, string dimension, string measure) =>
            r.GetProperty("tables").EnumerateArray().Single(t => t.GetProperty("dimension").GetString() == dimension && t.GetProperty("measure").GetString() == measure);
        int?[] Counts(JsonElement table) => table.GetProperty("rows").EnumerateArray()
            .Select(r => r.GetProperty("count").ValueKind == JsonValueKind.Number ? r.GetProperty("count").GetInt32() : (int?)null).ToArray();
        Assert.Equal([6, 5, 0], Counts(TableOf(report, "period", "requests")));
        Assert.Equal(11, TableOf(report, "period", "requests").GetProperty("total").GetInt32());
        var departments = TableOf(report, "department", "requests").GetProperty("rows").EnumerateArray().ToDictionary(r => r.GetProperty("label").GetString()!, r => r.GetProperty("count").GetInt32());
        Assert.Equal(6, departments["Tannage"]);
        Assert.Equal(5, departments["Expédition"]);
        var themes = Counts(TableOf(report, "theme", "requests"));
        Assert.Equal(11, themes.Sum());
        Assert.Contains(6, themes);
        Assert.Contains(5, themes);

        // Every month of the quarter is now kept; counted again from the events, January has lost the erased request.
        await using (var scope = App.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TandemDbContext>();
            Assert.Equal(3, Kept(db));
            await db.IndicatorMonths.Where(m => m.OrganisationId == org.Id).ExecuteDeleteAsync(Ct);
            await db.IndicatorSnapshots.Where(m => m.OrganisationId == org.Id).ExecuteDeleteAsync(Ct);
        }

        var recounted = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/organisations/{org.Id}/indicators?period={year}-Q1", Ct);
        Assert.Equal(10, recounted.GetProperty("total").GetInt32());
        Assert.Equal([5, 5, 0], Counts(TableOf(recounted, "period", "requests")));
        org.Admin.Dispose();
    }
}

public sealed class IndicatorTestsOnSqlite(SqliteFixture fixture) : IndicatorTests(fixture), IClassFixture<SqliteFixture>;

public sealed class IndicatorTestsOnPostgres(PostgresFixture fixture) : IndicatorTests(fixture), IClassFixture<PostgresFixture>;
