using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Text;
using Tandem.Core.Data;
using Tandem.Core.Security;
using Tandem.Web.Tests.Support;
using UglyToad.PdfPig;

namespace Tandem.Web.Tests.Programmes;

public abstract class ProgrammeTests(AppFixture fixture) : AppTests(fixture)
{
    private static readonly DateTimeZone Paris = DateTimeZoneProviders.Tzdb["Europe/Paris"];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private LocalDate Today => App.Clock.GetCurrentInstant().InZone(Paris).Date;

    private static string Iso(Instant instant) => InstantPattern.ExtendedIso.Format(instant);

    private static string Day(LocalDate date) => LocalDatePattern.Iso.Format(date);

    private static Instant At(LocalDate date, int hour = 14) => date.At(new LocalTime(hour, 0)).InZoneLeniently(Paris).ToInstant();

    private sealed record Setup(Guid OrganisationId, HttpClient Coordination, TestStaff Facilitator, Guid FacilitatorProfile, TestStaff Contact);

    private async Task<Setup> InstitutionAsync(string name)
    {
        var admin = await App.ApiClientAsAsync(await App.CreateStaffAsync(Roles.Administrator));
        var created = await admin.PostAsJsonAsync("/api/v1/organisations", new { name, kind = "institution" }, Ct);
        var orgId = (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();
        (await admin.PutAsJsonAsync($"/api/v1/organisations/{orgId}/agreement", new { teamProgrammes = true, billingAddress = "3 rue de l'Hôpital\n69003 Lyon" }, Ct)).EnsureSuccessStatusCode();
        var contact = await App.CreateStaffAsync(Roles.OrganisationContact);
        (await admin.PostAsJsonAsync($"/api/v1/organisations/{orgId}/contacts", new { staffId = contact.Id }, Ct)).EnsureSuccessStatusCode();
        admin.Dispose();
        var facilitator = await App.CreatePractitionerAsync("Superviseure " + name, "clinical_psychologist", Core.Requests.Modality.InPerson);
        return new Setup(orgId, await App.ApiClientAsAsync(await App.CreateStaffAsync(Roles.Coordinator)), facilitator, await App.ProfileIdAsync(facilitator), contact);
    }

    private object Body(Guid facilitator, string type = "supervision", int participants = 4, int months = 12, int perMonth = 1, decimal rate = 120m, LocalDate? start = null)
    {
        var from = start ?? Today;
        return new
        {
            type,
            facilitatorId = facilitator,
            participants = Enumerable.Range(1, participants).Select(i => $"Participant{i} Nom{i}").ToArray(),
            startDate = Day(from),
            endDate = Day(from.PlusMonths(months)),
            sessionsPerMonth = perMonth,
            hourlyRate = rate,
        };
    }

    private static async Task<Guid> CreatedAsync(HttpResponseMessage response)
    {
        var json = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.Created, json.ToString());
        return json.GetProperty("id").GetGuid();
    }

    [Fact]
    public async Task EveryRule_AtEachBoundary_IsNamedInThe400()
    {
        var s = await InstitutionAsync("Foyer des Rules");
        var path = $"/api/v1/organisations/{s.OrganisationId}/programmes";
        var cases = new (object Body, string? BrokenField, string? Message)[]
        {
            (Body(s.FacilitatorProfile, "supervision", participants: 2), "participants", "Une supervision réunit de 3 à 8 participants."),
            (Body(s.FacilitatorProfile, "supervision", participants: 3), null, null),
            (Body(s.FacilitatorProfile, "supervision", participants: 8), null, null),
            (Body(s.FacilitatorProfile, "supervision", participants: 9), "participants", "Une supervision réunit de 3 à 8 participants."),
            (Body(s.FacilitatorProfile, "practice_analysis", participants: 12), null, null),
            (Body(s.FacilitatorProfile, "practice_analysis", participants: 13), "participants", "Une analyse de pratique réunit de 2 à 12 participants."),
            (Body(s.FacilitatorProfile, "regulation", participants: 12), null, null),
            (Body(s.FacilitatorProfile, "regulation", participants: 13), "participants", "Une régulation réunit de 2 à 12 participants."),
            (Body(s.FacilitatorProfile, perMonth: 1), null, null),
            (Body(s.FacilitatorProfile, perMonth: 2), null, null),
            (Body(s.FacilitatorProfile, perMonth: 3), "sessionsPerMonth", "Une ou deux séances par mois."),
            (Body(s.FacilitatorProfile, months: 11), "endDate", "Engagement d’un an minimum"),
            (Body(s.FacilitatorProfile, months: 12), null, null),
            (Body(s.FacilitatorProfile, rate: 100m), null, null),
            (Body(s.FacilitatorProfile, rate: 150m), null, null),
            (Body(s.FacilitatorProfile, rate: 99.99m), "hourlyRate", "Le tarif horaire doit rester dans la fourchette"),
            (Body(s.FacilitatorProfile, rate: 150.01m), "hourlyRate", "Le tarif horaire doit rester dans la fourchette"),
        };
        foreach (var (body, field, message) in cases)
        {
            var response = await s.Coordination.PostAsJsonAsync(path, body, Ct);
            var json = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
            if (field is null)
            {
                Assert.True(response.StatusCode == HttpStatusCode.Created, json.ToString());
                Assert.StartsWith("D-", json.GetProperty("number").GetString(), StringComparison.Ordinal);
                continue;
            }

            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, json.ToString());
            var errors = json.GetProperty("errors");
            Assert.Equal([field], errors.EnumerateObject().Select(p => p.Name).ToArray());
            Assert.Contains(message!, errors.GetProperty(field)[0].GetString(), StringComparison.Ordinal);
        }

        // Every broken rule at once, each named.
        var all = await s.Coordination.PostAsJsonAsync(path, new
        {
            type = "supervision",
            facilitatorId = Guid.NewGuid(),
            participants = new[] { "Une", "Deux" },
            startDate = Day(Today),
            endDate = Day(Today.PlusMonths(6)),
            sessionsPerMonth = 4,
            hourlyRate = 300,
        }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, all.StatusCode);
        var named = (await all.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").EnumerateObject().Select(p => p.Name).Order().ToArray();
        Assert.Equal(["endDate", "facilitatorId", "hourlyRate", "participants", "sessionsPerMonth"], named);

        // Only the coordination and administrators create them; for anyone else the organisation does not exist.
        using var facilitator = await App.ApiClientAsAsync(s.Facilitator);
        Assert.Equal(HttpStatusCode.NotFound, (await facilitator.PostAsJsonAsync(path, Body(s.FacilitatorProfile), Ct)).StatusCode);
        using var contact = await App.ApiClientAsAsync(s.Contact);
        Assert.Equal(HttpStatusCode.NotFound, (await contact.PostAsJsonAsync(path, Body(s.FacilitatorProfile), Ct)).StatusCode);
        s.Coordination.Dispose();
    }

    [Fact]
    public async Task Sessions_FollowTheRhythm_AndNeverLeaveMoreThanTwoMonthsBetweenThem()
    {
        var s = await InstitutionAsync("Foyer du Rythme");
        var start = Today.PlusDays(1);
        var monthly = await CreatedAsync(await s.Coordination.PostAsJsonAsync($"/api/v1/organisations/{s.OrganisationId}/programmes", Body(s.FacilitatorProfile, perMonth: 1, start: start), Ct));
        var twice = await CreatedAsync(await s.Coordination.PostAsJsonAsync($"/api/v1/organisations/{s.OrganisationId}/programmes", Body(s.FacilitatorProfile, perMonth: 2, start: start), Ct));
        async Task<(HttpStatusCode Status, string Body)> PlanAsync(Guid programme, LocalDate day)
        {
            var response = await s.Coordination.PostAsJsonAsync($"/api/v1/programmes/{programme}/sessions", new { start = Iso(At(day)), minutes = 120 }, Ct);
            return (response.StatusCode, await response.Content.ReadAsStringAsync(Ct));
        }

        // The first of a month, then the month is full at one session a month.
        var first = new LocalDate(start.Year, start.Month, 1).PlusMonths(1).PlusDays(4);
        Assert.Equal(HttpStatusCode.Created, (await PlanAsync(monthly, first)).Status);
        var full = await PlanAsync(monthly, first.PlusDays(7));
        Assert.Equal(HttpStatusCode.BadRequest, full.Status);
        Assert.Contains("nombre de séances prévu par le rythme", full.Body, StringComparison.Ordinal);

        // 61 days after the previous session is too long; 60 is the limit.
        var gap = await PlanAsync(monthly, first.PlusDays(61));
        Assert.Equal(HttpStatusCode.BadRequest, gap.Status);
        Assert.Contains("Jamais plus de deux mois (60 jours) entre deux séances.", gap.Body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Created, (await PlanAsync(monthly, first.PlusDays(60))).Status);

        // Two a month: the third is refused.
        Assert.Equal(HttpStatusCode.Created, (await PlanAsync(twice, first)).Status);
        Assert.Equal(HttpStatusCode.Created, (await PlanAsync(twice, first.PlusDays(14))).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await PlanAsync(twice, first.PlusDays(20))).Status);

        // Outside the programme's dates.
        var outside = await PlanAsync(twice, start.PlusYears(2));
        Assert.Contains("entre le début et la fin du programme", outside.Body, StringComparison.Ordinal);
        s.Coordination.Dispose();
    }

    [Fact]
    public async Task Participants_AcceptTheRulesBeforeTheirFirstSession_TheFacilitatorRecordsAttendance_TheContactSeesNoNames()
    {
        var s = await InstitutionAsync("Foyer des Règles");
        var start = Today.PlusDays(1);
        var id = await CreatedAsync(await s.Coordination.PostAsJsonAsync($"/api/v1/organisations/{s.OrganisationId}/programmes", new
        {
            type = "supervision",
            facilitatorId = s.FacilitatorProfile,
            participants = new[] { "Hélène Dupont", "Karim Benali", "Lucie Martin" },
            startDate = Day(start),
            endDate = Day(start.PlusYears(1)),
            sessionsPerMonth = 2,
            hourlyRate = 130,
        }, Ct));
        var sessionDay = start.PlusDays(3);
        var planned = await s.Coordination.PostAsJsonAsync($"/api/v1/programmes/{id}/sessions", new { start = Iso(At(sessionDay)), minutes = 120 }, Ct);
        var sessionId = (await planned.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();

        var view = await s.Coordination.GetFromJsonAsync<JsonElement>($"/api/v1/programmes/{id}", Ct);
        var participants = view.GetProperty("participants").EnumerateArray().ToDictionary(p => p.GetProperty("name").GetString()!, p => (Id: p.GetProperty("participantId").GetGuid(), Token: p.GetProperty("rulesToken").GetString()!));

        // Two accept by their personal link (no account), the third not yet.
        using var anonymous = App.CreateApiClient();
        var rules = await anonymous.GetFromJsonAsync<JsonElement>($"/api/v1/programme-rules/{participants["Hélène Dupont"].Token}", Ct);
        Assert.Equal("Hélène Dupont", rules.GetProperty("participant").GetString());
        Assert.Equal(JsonValueKind.Null, rules.GetProperty("acceptedAt").ValueKind);
        Assert.Equal(HttpStatusCode.NoContent, (await anonymous.PostAsync($"/api/v1/programme-rules/{participants["Hélène Dupont"].Token}/accept", null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await anonymous.PostAsync($"/api/v1/programme-rules/{participants["Karim Benali"].Token}/accept", null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.PostAsync("/api/v1/programme-rules/not-a-token/accept", null, Ct)).StatusCode);

        App.Clock.Reset(At(sessionDay) + Duration.FromMinutes(130));
        using var facilitator = await App.ApiClientAsAsync(s.Facilitator);
        var everyone = new[] { participants["Hélène Dupont"].Id, participants["Karim Benali"].Id, participants["Lucie Martin"].Id };
        var refused = await facilitator.PutAsJsonAsync($"/api/v1/programmes/{id}/sessions/{sessionId}/attendance", new { present = everyone }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("pas encore accepté les règles", await refused.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        // Lucie signs the sheet at the session; the facilitator records it, then the attendance.
        Assert.Equal(HttpStatusCode.NoContent, (await facilitator.PostAsync($"/api/v1/programmes/{id}/participants/{participants["Lucie Martin"].Id}/acceptance", null, Ct)).StatusCode);
        var recorded = await facilitator.PutAsJsonAsync($"/api/v1/programmes/{id}/sessions/{sessionId}/attendance", new { present = everyone.Take(2).ToArray(), minutes = 110 }, Ct);
        Assert.Equal(HttpStatusCode.OK, recorded.StatusCode);

        using var coordination = await App.ApiClientAsAsync(await App.CreateStaffAsync(Roles.Coordinator));
        Assert.Equal(HttpStatusCode.NotFound, (await coordination.PutAsJsonAsync($"/api/v1/programmes/{id}/sessions/{sessionId}/attendance", new { present = everyone }, Ct)).StatusCode);
        var full = await coordination.GetFromJsonAsync<JsonElement>($"/api/v1/programmes/{id}", Ct);
        var session = Assert.Single(full.GetProperty("sessions").EnumerateArray());
        Assert.Equal("held", session.GetProperty("state").GetString());
        Assert.Equal(110, session.GetProperty("minutes").GetInt32());
        Assert.Equal(2, session.GetProperty("present").GetInt32());
        Assert.All(full.GetProperty("participants").EnumerateArray(), p => Assert.NotEqual(JsonValueKind.Null, p.GetProperty("acceptedRulesAt").ValueKind));

        // The institution's contact sees the programme, the count of those present, never who nor the links.
        using var contact = await App.ApiClientAsAsync(s.Contact);
        var seen = await contact.GetFromJsonAsync<JsonElement>($"/api/v1/programmes/{id}", Ct);
        Assert.Equal(JsonValueKind.Null, seen.GetProperty("sessions")[0].GetProperty("attendance").ValueKind);
        Assert.All(seen.GetProperty("participants").EnumerateArray(), p => Assert.Equal(JsonValueKind.Null, p.GetProperty("rulesToken").ValueKind));
        var other = await InstitutionAsync("Autre foyer");
        using var otherContact = await App.ApiClientAsAsync(other.Contact);
        Assert.Equal(HttpStatusCode.NotFound, (await otherContact.GetAsync($"/api/v1/programmes/{id}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await otherContact.GetAsync($"/api/v1/organisations/{s.OrganisationId}/programmes", Ct)).StatusCode);
        s.Coordination.Dispose();
        other.Coordination.Dispose();
    }

    [Fact]
    public async Task Syntheses_AreCheckedAgainstTheParticipantsNames_AndOnlyPublishedOnesReachTheContacts()
    {
        var s = await InstitutionAsync("Foyer des Synthèses");
        var start = Today.PlusDays(1);
        var id = await CreatedAsync(await s.Coordination.PostAsJsonAsync($"/api/v1/organisations/{s.OrganisationId}/programmes", new
        {
            type = "practice_analysis",
            facilitatorId = s.FacilitatorProfile,
            participants = new[] { "Hélène Dupont", "Karim Benali" },
            startDate = Day(start),
            endDate = Day(start.PlusYears(1)),
            sessionsPerMonth = 1,
            hourlyRate = 110,
        }, Ct));
        var planned = await s.Coordination.PostAsJsonAsync($"/api/v1/programmes/{id}/sessions", new { start = Iso(At(start.PlusDays(2))), minutes = 120 }, Ct);
        var sessionId = (await planned.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();
        App.Clock.Reset(At(start.PlusDays(2)) + Duration.FromHours(3));
        using var facilitator = await App.ApiClientAsAsync(s.Facilitator);
        var path = $"/api/v1/programmes/{id}/sessions/{sessionId}/synthesis";
        Assert.Equal(HttpStatusCode.Conflict, (await facilitator.PutAsJsonAsync(path, new { themes = "x" }, Ct)).StatusCode);
        var view = await facilitator.GetFromJsonAsync<JsonElement>($"/api/v1/programmes/{id}", Ct);
        foreach (var p in view.GetProperty("participants").EnumerateArray())
        {
            (await facilitator.PostAsync($"/api/v1/programmes/{id}/participants/{p.GetProperty("participantId").GetGuid()}/acceptance", null, Ct)).EnsureSuccessStatusCode();
        }

        (await facilitator.PutAsJsonAsync($"/api/v1/programmes/{id}/sessions/{sessionId}/attendance", new { present = Array.Empty<Guid>() }, Ct)).EnsureSuccessStatusCode();

        var written = await facilitator.PutAsJsonAsync(path, new
        {
            themes = "La situation d'un résident très agité ; helene a décrit la nuit du 3.",
            actionPlans = "Revoir les transmissions du soir avec Benali.",
            decisions = "Un temps de reprise après chaque incident.",
        }, Ct);
        Assert.Equal(HttpStatusCode.OK, written.StatusCode);
        var warnings = (await written.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("warnings").EnumerateArray()
            .Select(w => (w.GetProperty("participant").GetString(), w.GetProperty("word").GetString())).Order().ToArray();
        Assert.Equal([("Hélène Dupont", "helene"), ("Karim Benali", "benali")], warnings);

        var refused = await facilitator.PostAsJsonAsync($"{path}/publish", new { }, Ct);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal(2, (await refused.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("matches").GetArrayLength());

        // Not published: the contact sees nothing of it.
        using var contact = await App.ApiClientAsAsync(s.Contact);
        Assert.Equal(JsonValueKind.Null, (await contact.GetFromJsonAsync<JsonElement>($"/api/v1/programmes/{id}", Ct)).GetProperty("sessions")[0].GetProperty("synthesis").ValueKind);

        (await facilitator.PutAsJsonAsync(path, new
        {
            themes = "La situation d'un résident très agité ; une collègue a décrit la nuit du 3.",
            actionPlans = "Revoir les transmissions du soir.",
            decisions = "Un temps de reprise après chaque incident.",
        }, Ct)).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.OK, (await facilitator.PostAsJsonAsync($"{path}/publish", new { }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await facilitator.PutAsJsonAsync(path, new { themes = "Réécrire" }, Ct)).StatusCode);
        var seen = await contact.GetFromJsonAsync<JsonElement>($"/api/v1/programmes/{id}", Ct);
        var synthesis = seen.GetProperty("sessions")[0].GetProperty("synthesis");
        Assert.Equal("Un temps de reprise après chaque incident.", synthesis.GetProperty("decisions").GetString());
        Assert.True(synthesis.GetProperty("published").GetBoolean());

        // Stored sealed: the database never holds the synthesis in clear.
        await using var scope = App.Scope();
        var db = scope.ServiceProvider.GetRequiredService<TandemDbContext>();
        var stored = await db.ProgrammeSessions.AsNoTracking().SingleAsync(x => x.Id == sessionId, Ct);
        Assert.DoesNotContain("reprise", System.Text.Encoding.UTF8.GetString(stored.Synthesis!.Bytes), StringComparison.Ordinal);
        s.Coordination.Dispose();
    }

    [Fact]
    public async Task Regulation_HasADiagnosticPhase_ThenAnAccompanimentPlanAgreedWithTheProtagonists()
    {
        var s = await InstitutionAsync("Foyer de la Régulation");
        var start = Today.PlusDays(1);
        var id = await CreatedAsync(await s.Coordination.PostAsJsonAsync($"/api/v1/organisations/{s.OrganisationId}/programmes", Body(s.FacilitatorProfile, "regulation", participants: 5, perMonth: 2, start: start), Ct));
        var planned = await s.Coordination.PostAsJsonAsync($"/api/v1/programmes/{id}/sessions", new { start = Iso(At(start.PlusDays(1))), minutes = 120 }, Ct);
        var diagnostic = (await planned.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();
        var supervision = await CreatedAsync(await s.Coordination.PostAsJsonAsync($"/api/v1/organisations/{s.OrganisationId}/programmes", Body(s.FacilitatorProfile, start: start), Ct));
        App.Clock.Reset(At(start.PlusDays(1)) + Duration.FromHours(3));
        using var facilitator = await App.ApiClientAsAsync(s.Facilitator);
        var plan = new { agreedOn = Day(start.PlusDays(1)), plan = "Clarifier les rôles de l'équipe de nuit ; un point mensuel avec la direction." };
        Assert.Equal(HttpStatusCode.Conflict, (await facilitator.PostAsJsonAsync($"/api/v1/programmes/{id}/plan", plan, Ct)).StatusCode);
        (await facilitator.PutAsJsonAsync($"/api/v1/programmes/{id}/sessions/{diagnostic}/attendance", new { present = Array.Empty<Guid>() }, Ct)).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.NoContent, (await facilitator.PostAsJsonAsync($"/api/v1/programmes/{id}/plan", plan, Ct)).StatusCode);
        var next = await facilitator.PostAsJsonAsync($"/api/v1/programmes/{id}/sessions", new { start = Iso(At(start.PlusDays(15))), minutes = 120 }, Ct);
        Assert.Equal(HttpStatusCode.Created, next.StatusCode);
        var view = await facilitator.GetFromJsonAsync<JsonElement>($"/api/v1/programmes/{id}", Ct);
        Assert.Equal("accompaniment", view.GetProperty("phase").GetString());
        Assert.Equal(["diagnostic", "accompaniment"], view.GetProperty("sessions").EnumerateArray().Select(x => x.GetProperty("phase").GetString()).ToArray());
        Assert.Equal(plan.plan, view.GetProperty("plan").GetString());

        // Another type has no plan.
        Assert.Equal(HttpStatusCode.Conflict, (await facilitator.PostAsJsonAsync($"/api/v1/programmes/{supervision}/plan", plan, Ct)).StatusCode);
        s.Coordination.Dispose();
    }

    [Fact]
    public async Task Invoices_AreNumberedWithoutGaps_EvenWhenIssuedAtOnce_AndThePdfShowsTheTotals()
    {
        var a = await InstitutionAsync("EHPAD Les Tilleuls");
        var b = await InstitutionAsync("IME Les Sources");
        var start = Today.PlusDays(1);
        var month = new LocalDate(start.Year, start.Month, 1).PlusMonths(1);
        var held = new List<(Setup Setup, Guid Programme)>();
        foreach (var s in new[] { a, b })
        {
            var id = await CreatedAsync(await s.Coordination.PostAsJsonAsync($"/api/v1/organisations/{s.OrganisationId}/programmes", new
            {
                type = "supervision",
                facilitatorId = s.FacilitatorProfile,
                participants = new[] { "Anne Roy", "Bruno Lefort", "Chloé Vidal" },
                startDate = Day(start),
                endDate = Day(start.PlusYears(1)),
                sessionsPerMonth = 2,
                hourlyRate = 120,
            }, Ct));
            foreach (var day in new[] { 4, 18 })
            {
                (await s.Coordination.PostAsJsonAsync($"/api/v1/programmes/{id}/sessions", new { start = Iso(At(month.PlusDays(day - 1))), minutes = 120 }, Ct)).EnsureSuccessStatusCode();
            }

            held.Add((s, id));
        }

        // The quote before it starts: 12 months × 2 sessions × 2 h × 120 € = 5 760 € HT.
        var quote = await a.Coordination.GetAsync($"/api/v1/programmes/{held[0].Programme}/quote.pdf", Ct);
        Assert.Equal("application/pdf", quote.Content.Headers.ContentType!.MediaType);
        using (var pdf = PdfDocument.Open(await quote.Content.ReadAsByteArrayAsync(Ct)))
        {
            var text = string.Join(" ", pdf.GetPages().Select(p => p.Text));
            Assert.Contains("Devis", text, StringComparison.Ordinal);
            Assert.Contains("760,00", text, StringComparison.Ordinal);
            Assert.Contains("912,00", text, StringComparison.Ordinal);
        }

        App.Clock.Reset(At(month.PlusDays(17)) + Duration.FromHours(3));
        foreach (var (s, id) in held)
        {
            using var facilitator = await App.ApiClientAsAsync(s.Facilitator);
            var view = await facilitator.GetFromJsonAsync<JsonElement>($"/api/v1/programmes/{id}", Ct);
            var ids = view.GetProperty("participants").EnumerateArray().Select(p => p.GetProperty("participantId").GetGuid()).ToArray();
            foreach (var p in ids)
            {
                (await facilitator.PostAsync($"/api/v1/programmes/{id}/participants/{p}/acceptance", null, Ct)).EnsureSuccessStatusCode();
            }

            foreach (var session in view.GetProperty("sessions").EnumerateArray())
            {
                (await facilitator.PutAsJsonAsync($"/api/v1/programmes/{id}/sessions/{session.GetProperty("sessionId").GetGuid()}/attendance", new { present = ids }, Ct)).EnsureSuccessStatusCode();
            }
        }

        var monthCode = YearMonthPattern.Iso.Format(month.ToYearMonth());
        using var desk = await App.ApiClientAsAsync(await App.CreateStaffAsync(Roles.Coordinator));
        Assert.Equal(HttpStatusCode.Conflict, (await desk.PostAsJsonAsync($"/api/v1/organisations/{a.OrganisationId}/invoices", new { month = monthCode }, Ct)).StatusCode);
        var statement = await desk.GetFromJsonAsync<JsonElement>($"/api/v1/organisations/{a.OrganisationId}/statements/{monthCode}", Ct);
        Assert.Equal(2, statement.GetProperty("lines").GetArrayLength());
        Assert.Equal(480m, statement.GetProperty("totals").GetProperty("excludingVat").GetDecimal());

        // The month closed: both institutions invoiced at the same moment, twice each.
        App.Clock.Reset(At(month.PlusMonths(1)) + Duration.FromDays(1));
        using var first = await App.ApiClientAsAsync(await App.CreateStaffAsync(Roles.Coordinator));
        using var second = await App.ApiClientAsAsync(await App.CreateStaffAsync(Roles.Administrator));
        var attempts = await Task.WhenAll(
            first.PostAsJsonAsync($"/api/v1/organisations/{a.OrganisationId}/invoices", new { month = monthCode }, Ct),
            second.PostAsJsonAsync($"/api/v1/organisations/{a.OrganisationId}/invoices", new { month = monthCode }, Ct),
            first.PostAsJsonAsync($"/api/v1/organisations/{b.OrganisationId}/invoices", new { month = monthCode }, Ct),
            second.PostAsJsonAsync($"/api/v1/organisations/{b.OrganisationId}/invoices", new { month = monthCode }, Ct));
        Assert.Equal(2, attempts.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.Equal(2, attempts.Count(r => r.StatusCode == HttpStatusCode.Conflict));

        await using (var scope = App.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TandemDbContext>();
            var year = App.Clock.GetCurrentInstant().InZone(Paris).Year;
            var numbers = (await db.Invoices.AsNoTracking().Select(i => i.Number).ToListAsync(Ct)).Where(n => n.StartsWith($"F-{year}-", StringComparison.Ordinal))
                .Select(n => int.Parse(n[^4..], System.Globalization.CultureInfo.InvariantCulture)).Order().ToList();
            Assert.Equal(Enumerable.Range(1, numbers.Count), numbers);
            Assert.Equal(numbers.Count, await db.DocumentCounters.Where(c => c.Series == "F" && c.Year == year).Select(c => c.Last).SingleAsync(Ct));
        }

        // The contact downloads the invoice: 2 sessions × 2 h × 120 € = 480 € HT, 96 € VAT, 576 € TTC, and the legal mentions.
        using var contact = await App.ApiClientAsAsync(a.Contact);
        var list = await contact.GetFromJsonAsync<JsonElement>($"/api/v1/organisations/{a.OrganisationId}/invoices", Ct);
        var invoice = Assert.Single(list.EnumerateArray());
        var invoiceId = invoice.GetProperty("invoiceId").GetGuid();
        Assert.Equal(576m, invoice.GetProperty("totalIncludingVat").GetDecimal());
        var file = await contact.GetAsync($"/api/v1/invoices/{invoiceId}.pdf", Ct);
        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        using (var pdf = PdfDocument.Open(await file.Content.ReadAsByteArrayAsync(Ct)))
        {
            var text = string.Join(" ", pdf.GetPages().Select(p => p.Text));
            Assert.Contains(invoice.GetProperty("number").GetString()!, text, StringComparison.Ordinal);
            Assert.Contains("EHPAD Les Tilleuls", text, StringComparison.Ordinal);
            Assert.Contains("69003 Lyon", text, StringComparison.Ordinal);
            Assert.Contains("480,00", text, StringComparison.Ordinal);
            Assert.Contains("96,00", text, StringComparison.Ordinal);
            Assert.Contains("576,00", text, StringComparison.Ordinal);
            Assert.Contains("SIRET", text, StringComparison.Ordinal);
            Assert.Contains("40 €", text, StringComparison.Ordinal);
            Assert.DoesNotContain("Bruno", text, StringComparison.Ordinal);
        }

        var csv = await contact.GetStringAsync($"/api/v1/invoices/{invoiceId}.csv", Ct);
        Assert.Contains("total_incl_vat\";;;576.00", csv, StringComparison.Ordinal);
        var otherContact = await InstitutionAsync("Foyer curieux");
        using var curious = await App.ApiClientAsAsync(otherContact.Contact);
        Assert.Equal(HttpStatusCode.NotFound, (await curious.GetAsync($"/api/v1/invoices/{invoiceId}.pdf", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await curious.GetAsync($"/api/v1/organisations/{a.OrganisationId}/invoices", Ct)).StatusCode);
        foreach (var s in new[] { a, b, otherContact })
        {
            s.Coordination.Dispose();
        }
    }

    [Fact]
    public async Task Pages_CreateByForm_NameEachBrokenRule_AcceptTheRulesByLink_AndShowTheContactNoDraft()
    {
        var s = await InstitutionAsync("Foyer des Pages");
        s.Coordination.Dispose();
        using var desk = await App.PagesAsAsync(await App.CreateStaffAsync(Roles.Coordinator));
        var path = $"/organisations/{s.OrganisationId}/programmes/nouveau";
        Assert.Equal(HttpStatusCode.OK, (await desk.GetAsync(path)).StatusCode);
        var bad = await desk.PostFormAsync(path, new Dictionary<string, string?>
        {
            ["Type"] = "supervision",
            ["FacilitatorId"] = s.FacilitatorProfile.ToString(),
            ["Participants"] = "Une Personne\nDeux Personnes",
            ["StartDate"] = Day(Today),
            ["EndDate"] = Day(Today.PlusMonths(11)),
            ["SessionsPerMonth"] = "3",
            ["HourlyRate"] = "99.5",
            ["SessionMinutes"] = "120",
        });
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        foreach (var rule in new[] { "Une supervision réunit de 3 à 8 participants.", "Une ou deux séances par mois.", "Engagement d’un an minimum", "Le tarif horaire doit rester dans la fourchette" })
        {
            Assert.Contains(rule, desk.LastHtml, StringComparison.Ordinal);
        }

        var good = await desk.PostFormAsync(path, new Dictionary<string, string?>
        {
            ["Type"] = "supervision",
            ["FacilitatorId"] = s.FacilitatorProfile.ToString(),
            ["Participants"] = "Anne Roy\nBruno Lefort\nChloé Vidal",
            ["StartDate"] = Day(Today),
            ["EndDate"] = Day(Today.PlusYears(1)),
            ["SessionsPerMonth"] = "2",
            ["HourlyRate"] = "125.50",
            ["SessionMinutes"] = "120",
        });
        Assert.Equal(HttpStatusCode.Redirect, good.StatusCode);
        var programmePath = good.Headers.Location!.OriginalString;
        await desk.FollowAsync(good);
        Assert.Contains("Chloé Vidal", desk.LastHtml, StringComparison.Ordinal);
        Assert.Contains("125,50", desk.LastHtml, StringComparison.Ordinal);
        var link = System.Text.RegularExpressions.Regex.Match(desk.LastHtml, "/regles/([A-Za-z0-9_-]+)").Groups[1].Value;
        Assert.NotEmpty(link);

        using var participant = App.CreatePageClient();
        Assert.Equal(HttpStatusCode.OK, (await participant.GetAsync($"/regles/{link}")).StatusCode);
        Assert.Contains("Confidentialité", participant.LastHtml, StringComparison.Ordinal);
        var notTicked = await participant.PostFormAsync($"/regles/{link}", new Dictionary<string, string?>());
        Assert.Equal(HttpStatusCode.OK, notTicked.StatusCode);
        Assert.Contains("Cochez la case", participant.LastHtml, StringComparison.Ordinal);
        await participant.FollowAsync(await participant.PostFormAsync($"/regles/{link}", new Dictionary<string, string?> { ["agree"] = "true" }));
        Assert.Contains("Vous avez accepté les règles", participant.LastHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await participant.GetAsync("/regles/inconnu")).StatusCode);

        using var contact = await App.PagesAsAsync(s.Contact);
        Assert.Equal(HttpStatusCode.OK, (await contact.GetAsync(programmePath)).StatusCode);
        Assert.DoesNotContain("/regles/", contact.LastHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("handler=Session", contact.LastHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await contact.GetAsync($"/organisations/{s.OrganisationId}/facturation")).StatusCode);
        Assert.DoesNotContain("handler=Issue", contact.LastHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await contact.GetAsync(path)).StatusCode);
        using var stranger = await App.PagesAsAsync(await App.CreatePractitionerAsync("Étranger au programme", "coach", Core.Requests.Modality.Video));
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync(programmePath)).StatusCode);
    }
}

public sealed class ProgrammeTestsOnSqlite(SqliteFixture fixture) : ProgrammeTests(fixture), IClassFixture<SqliteFixture>;

public sealed class ProgrammeTestsOnPostgres(PostgresFixture fixture) : ProgrammeTests(fixture), IClassFixture<PostgresFixture>;
