using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Tandem.Core.Data;
using Tandem.Core.Security;
using Tandem.Web.Tests.Support;

namespace Tandem.Web.Tests.Cases;

public abstract class CaseApiTests(AppFixture fixture) : AppTests(fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string Secret = "Elle évoque des idées noires depuis la fusion des services.";

    [Fact]
    public async Task Notes_AreForThePairOnly_EveryoneElseGets404_AndEveryAccessIsAudited()
    {
        var @case = await App.BookedCaseAsync();
        var id = @case.Request.RequestId;
        using var psychologist = await App.ApiClientAsAsync(@case.Psychologist);
        using var coach = await App.ApiClientAsAsync(@case.Coach);
        var written = await psychologist.PostAsJsonAsync($"/api/v1/cases/{id}/notes", new { text = Secret }, Ct);
        Assert.Equal(HttpStatusCode.Created, written.StatusCode);
        Assert.True((await written.Content.ReadFromJsonAsync<JsonElement>(Ct)).TryGetProperty("noteId", out _));

        var read = await coach.GetFromJsonAsync<JsonElement>($"/api/v1/cases/{id}/notes", Ct);
        Assert.Equal(Secret, Assert.Single(read.EnumerateArray()).GetProperty("text").GetString());
        Assert.Equal(HttpStatusCode.OK, (await coach.GetAsync($"/api/v1/cases/{id}", Ct)).StatusCode);

        // The access matrix of every case endpoint, for everyone but the pair.
        var outsiders = new Dictionary<string, HttpClient>
        {
            ["other practitioner"] = await App.ApiClientAsAsync(await App.CreatePractitionerAsync("Autre " + @case.Tag, "social_worker", Core.Requests.Modality.Video)),
            ["coordinator"] = await App.ApiClientAsAsync(await App.CreateStaffAsync(Roles.Coordinator)),
            ["administrator"] = await App.ApiClientAsAsync(await App.CreateStaffAsync(Roles.Administrator)),
            ["organisation contact"] = await App.ApiClientAsAsync(await App.CreateStaffAsync(Roles.OrganisationContact)),
            ["the person"] = await App.BeneficiaryClientAsync(@case.Request.AccessCode),
        };
        var calls = new (HttpMethod Method, string Path, object? Body)[]
        {
            (HttpMethod.Get, $"/api/v1/cases/{id}", null),
            (HttpMethod.Get, $"/api/v1/cases/{id}/notes", null),
            (HttpMethod.Post, $"/api/v1/cases/{id}/notes", new { text = "intrusion" }),
            (HttpMethod.Put, $"/api/v1/cases/{id}/interviews/{@case.AppointmentId}/record", new { held = true, durationMinutes = 90, nextStep = "closed" }),
            (HttpMethod.Get, $"/api/v1/cases/{id}/referral-candidates", null),
            (HttpMethod.Post, $"/api/v1/cases/{id}/referrals", new { toPractitionerId = Guid.NewGuid(), handOver = "x" }),
            (HttpMethod.Post, $"/api/v1/cases/{id}/referrals/{Guid.NewGuid()}/consent", new { accepted = true }),
        };
        foreach (var (who, client) in outsiders)
        {
            foreach (var (method, path, body) in calls)
            {
                using var message = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
                var response = await client.SendAsync(message, Ct);
                Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{who} {method} {path}: {(int)response.StatusCode}");
            }
        }

        using var anonymous = App.CreateApiClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/api/v1/cases/{id}/notes", Ct)).StatusCode);
        foreach (var client in outsiders.Values)
        {
            client.Dispose();
        }

        // Only the pair's note exists; the audit says who read and wrote, never what.
        await using var scope = App.Scope();
        var db = scope.ServiceProvider.GetRequiredService<TandemDbContext>();
        Assert.Equal(1, await db.CaseNotes.CountAsync(n => n.RequestId == id, Ct));
        var entries = await db.AuditEntries.AsNoTracking().Where(e => e.Target == id.ToString()).ToListAsync(Ct);
        Assert.Contains(entries, e => e.Action == "case.note_written" && e.Actor == AuditActor(@case.Psychologist));
        Assert.Contains(entries, e => e.Action == "case.notes_read" && e.Actor == AuditActor(@case.Coach));
        Assert.DoesNotContain(entries, e => (e.Details ?? string.Empty).Contains("idées noires", StringComparison.Ordinal));
    }

    private static string AuditActor(TestStaff staff) => $"staff:{staff.Id:D}";

    [Fact]
    public async Task NoPlaintext_OfANote_AMessage_OrAContact_IsInTheDatabase()
    {
        var @case = await App.BookedCaseAsync();
        using var psychologist = await App.ApiClientAsAsync(@case.Psychologist);
        (await psychologist.PostAsJsonAsync($"/api/v1/cases/{@case.Request.RequestId}/notes", new { text = Secret }, Ct)).EnsureSuccessStatusCode();
        using var person = await App.BeneficiaryClientAsync(@case.Request.AccessCode);
        (await person.PutAsJsonAsync("/api/v1/beneficiary/me/contact", new { kind = "email", value = "mesange.secrete@exemple.fr" }, Ct)).EnsureSuccessStatusCode();

        foreach (var needle in new[] { "idées noires", "Mon chef me crie dessus", "mesange.secrete@exemple.fr", "Mésange" })
        {
            Assert.Empty(await DatabaseScanner.FindAsync(App, needle));
        }

        if (App.Provider == DatabaseProvider.Sqlite)
        {
            var database = Fixture.Database.SqliteFile!;
            foreach (var file in Directory.GetFiles(Path.GetDirectoryName(database)!, Path.GetFileName(database) + "*"))
            {
                var bytes = await File.ReadAllBytesAsync(file, Ct);
                Assert.Equal(-1, bytes.AsSpan().IndexOf(System.Text.Encoding.UTF8.GetBytes("idées noires")));
            }
        }
    }

    [Fact]
    public async Task InterviewRecord_CodesTheSixAxes_AfterTheStartOnly_BadInputNamesTheField()
    {
        var @case = await App.BookedCaseAsync();
        var path = $"/api/v1/cases/{@case.Request.RequestId}/interviews/{@case.AppointmentId}/record";
        using var psychologist = await App.ApiClientAsAsync(@case.Psychologist);
        var body = new
        {
            held = true,
            durationMinutes = 95,
            themes = new[] { "conflict", "stress" },
            axes = new Dictionary<string, string> { ["work_intensity"] = "major", ["poor_social_relations"] = "raised" },
            nextStep = "second_interview",
        };
        Assert.Equal(HttpStatusCode.Conflict, (await psychologist.PutAsJsonAsync(path, body, Ct)).StatusCode);

        App.Clock.Reset(@case.End + Duration.FromMinutes(5));
        using var later = await App.ApiClientAsAsync(@case.Psychologist);
        var bad = await later.PutAsJsonAsync(path, new { held = true, durationMinutes = 0, axes = new Dictionary<string, string> { ["boredom"] = "major" }, nextStep = "signposting" }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await bad.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors");
        foreach (var field in new[] { "durationMinutes", "axes", "signpostCategory" })
        {
            Assert.True(errors.TryGetProperty(field, out _), field);
        }

        Assert.Equal(HttpStatusCode.BadRequest, (await later.PutAsJsonAsync(path, new { held = true, durationMinutes = 90, nextStep = "sometime" }, Ct)).StatusCode);

        var saved = await later.PutAsJsonAsync(path, body, Ct);
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        var view = await later.GetFromJsonAsync<JsonElement>($"/api/v1/cases/{@case.Request.RequestId}", Ct);
        var record = Assert.Single(view.GetProperty("interviews").EnumerateArray()).GetProperty("record");
        Assert.Equal("major", record.GetProperty("axes").GetProperty("work_intensity").GetString());
        Assert.Equal("raised", record.GetProperty("axes").GetProperty("poor_social_relations").GetString());
        Assert.Equal("not_raised", record.GetProperty("axes").GetProperty("insecurity").GetString());
        Assert.Equal(6, record.GetProperty("axes").EnumerateObject().Count());
        Assert.Equal("second_interview", record.GetProperty("nextStep").GetString());
        Assert.Equal("held", view.GetProperty("interviews")[0].GetProperty("appointment").GetProperty("attendance").GetString());

        // Recording again replaces; "closed" closes the case; signposting keeps its category.
        var closed = await later.PutAsJsonAsync(path, new { held = true, durationMinutes = 90, nextStep = "signposting", signpostCategory = "labour_inspectorate" }, Ct);
        Assert.Equal("labour_inspectorate", (await closed.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("signpostCategory").GetString());
        await later.PutAsJsonAsync(path, new { held = true, durationMinutes = 90, nextStep = "closed" }, Ct);
        Assert.True((await later.GetFromJsonAsync<JsonElement>($"/api/v1/cases/{@case.Request.RequestId}", Ct)).GetProperty("summary").GetProperty("closed").GetBoolean());
        var mine = await later.GetFromJsonAsync<JsonElement>("/api/v1/practitioners/me/cases", Ct);
        Assert.Contains(mine.EnumerateArray(), c => c.GetProperty("requestId").GetGuid() == @case.Request.RequestId);
    }

    [Fact]
    public async Task Referral_TheNewPractitionerSeesTheHandOver_OnlyAfterConsent_AndNeverTheNotes()
    {
        var @case = await App.BookedCaseAsync();
        var id = @case.Request.RequestId;
        var social = await App.CreatePractitionerAsync("Assistante " + @case.Tag, "social_worker", Core.Requests.Modality.Video);
        using var psychologist = await App.ApiClientAsAsync(@case.Psychologist);
        using var socialClient = await App.ApiClientAsAsync(social);
        (await psychologist.PostAsJsonAsync($"/api/v1/cases/{id}/notes", new { text = Secret }, Ct)).EnsureSuccessStatusCode();

        var candidates = await psychologist.GetFromJsonAsync<JsonElement>($"/api/v1/cases/{id}/referral-candidates", Ct);
        var target = candidates.EnumerateArray().Single(c => c.GetProperty("name").GetString() == "Assistante " + @case.Tag).GetProperty("practitionerId").GetGuid();
        Assert.DoesNotContain(candidates.EnumerateArray(), c => c.GetProperty("name").GetString()!.EndsWith(@case.Tag, StringComparison.Ordinal) && c.GetProperty("name").GetString()!.StartsWith("Psy", StringComparison.Ordinal));
        var bad = await psychologist.PostAsJsonAsync($"/api/v1/cases/{id}/referrals", new { toPractitionerId = Guid.NewGuid(), handOver = "" }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);

        const string handOver = "Dettes et loyer impayé depuis la séparation : à voir pour un dossier de surendettement.";
        var proposed = await psychologist.PostAsJsonAsync($"/api/v1/cases/{id}/referrals", new { toPractitionerId = target, handOver }, Ct);
        Assert.Equal(HttpStatusCode.Created, proposed.StatusCode);
        var referralId = (await proposed.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("referralId").GetGuid();
        Assert.Equal(HttpStatusCode.Conflict, (await psychologist.PostAsJsonAsync($"/api/v1/cases/{id}/referrals", new { toPractitionerId = target, handOver }, Ct)).StatusCode);

        // Before consent: nothing for the social worker.
        Assert.Empty((await socialClient.GetFromJsonAsync<JsonElement>("/api/v1/practitioners/me/referrals", Ct)).EnumerateArray());
        Assert.Empty(await DatabaseScanner.FindAsync(App, "surendettement"));

        // The person sees who and accepts in their space; someone else's space finds nothing.
        using var person = await App.BeneficiaryClientAsync(@case.Request.AccessCode);
        var offers = await person.GetFromJsonAsync<JsonElement>("/api/v1/beneficiary/referrals", Ct);
        var offer = Assert.Single(offers.EnumerateArray());
        Assert.Equal("social_worker", offer.GetProperty("to").GetProperty("discipline").GetString());
        Assert.Equal("proposed", offer.GetProperty("state").GetString());
        Assert.False(offer.TryGetProperty("handOver", out _));
        var stranger = await App.CreateRequestAsync();
        using var other = await App.BeneficiaryClientAsync(stranger.AccessCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostAsJsonAsync($"/api/v1/beneficiary/referrals/{referralId}/answer", new { accepted = true }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await person.PostAsJsonAsync($"/api/v1/beneficiary/referrals/{referralId}/answer", new { accepted = true }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await person.PostAsJsonAsync($"/api/v1/beneficiary/referrals/{referralId}/answer", new { accepted = false }, Ct)).StatusCode);

        var received = Assert.Single((await socialClient.GetFromJsonAsync<JsonElement>("/api/v1/practitioners/me/referrals", Ct)).EnumerateArray());
        Assert.Equal(handOver, received.GetProperty("handOver").GetString());
        Assert.Equal(2, received.GetProperty("from").GetArrayLength());
        Assert.DoesNotContain(Secret, received.ToString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await socialClient.GetAsync($"/api/v1/cases/{id}/notes", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await socialClient.GetAsync($"/api/v1/cases/{id}", Ct)).StatusCode);
    }

    [Fact]
    public async Task Referral_ConsentRecordedByThePair_OrRefused_DecidesWhatTheTargetSees()
    {
        var @case = await App.BookedCaseAsync();
        var id = @case.Request.RequestId;
        var lawyer = await App.CreatePractitionerAsync("Juriste " + @case.Tag, "labour_lawyer", Core.Requests.Modality.Video);
        var counsellor = await App.CreatePractitionerAsync("Conseil " + @case.Tag, "career_counsellor", Core.Requests.Modality.Video);
        using var coach = await App.ApiClientAsAsync(@case.Coach);
        var candidates = (await coach.GetFromJsonAsync<JsonElement>($"/api/v1/cases/{id}/referral-candidates", Ct)).EnumerateArray().ToList();
        Guid Of(string name) => candidates.Single(c => c.GetProperty("name").GetString() == name).GetProperty("practitionerId").GetGuid();
        var toLawyer = (await (await coach.PostAsJsonAsync($"/api/v1/cases/{id}/referrals", new { toPractitionerId = Of("Juriste " + @case.Tag), handOver = "Licenciement contesté." }, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("referralId").GetGuid();
        var toCounsellor = (await (await coach.PostAsJsonAsync($"/api/v1/cases/{id}/referrals", new { toPractitionerId = Of("Conseil " + @case.Tag), handOver = "Projet de reconversion." }, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("referralId").GetGuid();

        Assert.Equal(HttpStatusCode.NoContent, (await coach.PostAsJsonAsync($"/api/v1/cases/{id}/referrals/{toLawyer}/consent", new { accepted = true }, Ct)).StatusCode);
        using var person = await App.BeneficiaryClientAsync(@case.Request.AccessCode);
        Assert.Equal(HttpStatusCode.NoContent, (await person.PostAsJsonAsync($"/api/v1/beneficiary/referrals/{toCounsellor}/answer", new { accepted = false }, Ct)).StatusCode);

        using var lawyerClient = await App.ApiClientAsAsync(lawyer);
        using var counsellorClient = await App.ApiClientAsAsync(counsellor);
        Assert.Equal("Licenciement contesté.", Assert.Single((await lawyerClient.GetFromJsonAsync<JsonElement>("/api/v1/practitioners/me/referrals", Ct)).EnumerateArray()).GetProperty("handOver").GetString());
        Assert.Empty((await counsellorClient.GetFromJsonAsync<JsonElement>("/api/v1/practitioners/me/referrals", Ct)).EnumerateArray());
        var view = await coach.GetFromJsonAsync<JsonElement>($"/api/v1/cases/{id}", Ct);
        Assert.Contains(view.GetProperty("referrals").EnumerateArray(), r => r.GetProperty("state").GetString() == "accepted" && r.GetProperty("consentRecordedByPair").GetBoolean());
        Assert.Contains(view.GetProperty("referrals").EnumerateArray(), r => r.GetProperty("state").GetString() == "refused");
    }

    [Fact]
    public async Task Who5_IsOfferedBeforeTheFirstInterview_Scored_SeenByThePair_AndNeverTwice()
    {
        var @case = await App.BookedCaseAsync();
        using var person = await App.BeneficiaryClientAsync(@case.Request.AccessCode);
        var offers = await person.GetFromJsonAsync<JsonElement>("/api/v1/beneficiary/wellbeing", Ct);
        Assert.Contains(offers.EnumerateArray(), o => o.GetProperty("requestId").GetGuid() == @case.Request.RequestId && o.GetProperty("moment").GetString() == "before_first");
        var path = $"/api/v1/beneficiary/requests/{@case.Request.RequestId}/wellbeing";

        Assert.Equal(HttpStatusCode.BadRequest, (await person.PostAsJsonAsync(path, new { moment = "before_first", answers = new[] { 1, 2, 3 } }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await person.PostAsJsonAsync(path, new { moment = "before_first", answers = new[] { 1, 2, 3, 4, 6 } }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await person.PostAsJsonAsync(path, new { moment = "three_months", answers = new[] { 1, 2, 3, 4, 5 } }, Ct)).StatusCode);
        var answered = await person.PostAsJsonAsync(path, new { moment = "before_first", answers = new[] { 3, 2, 1, 2, 4 } }, Ct);
        Assert.Equal(HttpStatusCode.Created, answered.StatusCode);
        Assert.Equal(48, (await answered.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("percentage").GetInt32());
        Assert.Equal(HttpStatusCode.Conflict, (await person.PostAsJsonAsync(path, new { moment = "before_first", answers = new[] { 5, 5, 5, 5, 5 } }, Ct)).StatusCode);

        using var psychologist = await App.ApiClientAsAsync(@case.Psychologist);
        var score = Assert.Single((await psychologist.GetFromJsonAsync<JsonElement>($"/api/v1/cases/{@case.Request.RequestId}", Ct)).GetProperty("wellbeing").EnumerateArray());
        Assert.Equal(12, score.GetProperty("rawScore").GetInt32());
        Assert.Equal(48, score.GetProperty("percentage").GetInt32());
    }

    [Fact]
    public async Task Who5_IsOfferedAgainThreeMonthsAfterAHeldFirstInterview_NotBefore()
    {
        var @case = await App.BookedCaseAsync();
        App.Clock.Reset(@case.End + Duration.FromMinutes(1));
        using (var psychologist = await App.ApiClientAsAsync(@case.Psychologist))
        {
            (await psychologist.PutAsJsonAsync($"/api/v1/cases/{@case.Request.RequestId}/interviews/{@case.AppointmentId}/record", new { held = true, durationMinutes = 90, nextStep = "closed" }, Ct)).EnsureSuccessStatusCode();
        }

        async Task<List<string?>> MomentsAsync()
        {
            using var person = await App.BeneficiaryClientAsync(@case.Request.AccessCode);
            return (await person.GetFromJsonAsync<JsonElement>("/api/v1/beneficiary/wellbeing", Ct)).EnumerateArray()
                .Where(o => o.GetProperty("requestId").GetGuid() == @case.Request.RequestId).Select(o => o.GetProperty("moment").GetString()).ToList();
        }

        Assert.Empty(await MomentsAsync());
        App.Clock.Reset(@case.Start + Duration.FromDays(91));
        Assert.Equal(["three_months"], await MomentsAsync());
        using (var person = await App.BeneficiaryClientAsync(@case.Request.AccessCode))
        {
            Assert.Equal(HttpStatusCode.Created, (await person.PostAsJsonAsync($"/api/v1/beneficiary/requests/{@case.Request.RequestId}/wellbeing", new { moment = "three_months", answers = new[] { 5, 5, 5, 5, 5 } }, Ct)).StatusCode);
        }

        Assert.Empty(await MomentsAsync());
    }

    [Fact]
    public async Task ImmediateDanger_DeclaredByThePair_IsAuditedWithItsReason_AndShowsTheContact()
    {
        var @case = await App.BookedCaseAsync();
        var path = $"/api/v1/cases/{@case.Request.RequestId}/danger";
        using (var person = await App.BeneficiaryClientAsync(@case.Request.AccessCode))
        {
            (await person.PutAsJsonAsync("/api/v1/beneficiary/me/contact", new { kind = "phone", value = "06 11 22 33 44" }, Ct)).EnsureSuccessStatusCode();
        }

        using var coordination = await App.ApiClientAsAsync(await App.CreateStaffAsync(Roles.Coordinator));
        Assert.Equal(HttpStatusCode.NotFound, (await coordination.PostAsJsonAsync(path, new { reason = "curiosité" }, Ct)).StatusCode);
        using var coach = await App.ApiClientAsAsync(@case.Coach);
        Assert.Equal(HttpStatusCode.BadRequest, (await coach.PostAsJsonAsync(path, new { reason = " " }, Ct)).StatusCode);
        var declared = await coach.PostAsJsonAsync(path, new { reason = "Projet suicidaire précis pour ce soir." }, Ct);
        Assert.Equal(HttpStatusCode.OK, declared.StatusCode);
        var body = await declared.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal("phone", body.GetProperty("contactKind").GetString());
        Assert.Equal("06 11 22 33 44", body.GetProperty("contact").GetString());

        await using var scope = App.Scope();
        var entry = await scope.ServiceProvider.GetRequiredService<TandemDbContext>().AuditEntries.AsNoTracking()
            .SingleAsync(e => e.Action == "case.danger_declared" && e.Target == @case.Request.RequestId.ToString(), Ct);
        Assert.Equal(AuditActor(@case.Coach), entry.Actor);
        Assert.Equal("Projet suicidaire précis pour ce soir.", JsonDocument.Parse(entry.Details!).RootElement.GetProperty("reason").GetString());
        Assert.DoesNotContain("06 11", entry.Details, StringComparison.Ordinal);
    }
}

public sealed class CaseApiTestsOnSqlite(SqliteFixture fixture) : CaseApiTests(fixture), IClassFixture<SqliteFixture>;

public sealed class CaseApiTestsOnPostgres(PostgresFixture fixture) : CaseApiTests(fixture), IClassFixture<PostgresFixture>;
