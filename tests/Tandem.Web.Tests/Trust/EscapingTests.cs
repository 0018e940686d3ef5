using System.Net.Http.Json;
using System.Text.Json;
using NodaTime;
using NodaTime.Text;
using Tandem.Core.Data;
using Tandem.Core.Security;
using Tandem.Web.Tests.Support;

namespace Tandem.Web.Tests.Trust;

/// <summary>
/// Markup typed into any free-text field comes back as text on every page that shows it: the
/// person's pseudonym, message and replies, the coordination's messages, case notes, the names
/// of an organisation, its units, programme participants and staff, a group pseudonym.
/// </summary>
public abstract class EscapingTests(DatabaseProvider provider)
{
    private const string Script = "<script>alert(\"x\")</script>";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static void AssertEscaped(string html, string page)
    {
        Assert.False(html.Contains("<script>alert", StringComparison.Ordinal), $"raw markup on {page}");
        Assert.True(html.Contains("&lt;script&gt;alert", StringComparison.Ordinal), $"the typed text is missing from {page}");
    }

    [Fact]
    public async Task MarkupInEveryFreeTextField_RendersAsText_OnEveryPageThatShowsIt()
    {
        await using var db = await TestDatabase.CreateOrSkipAsync(provider);
        await using var app = new TandemApp(db);
        var admin = await app.CreateStaffAsync(Roles.Administrator);
        var coordinator = await app.CreateStaffAsync(Roles.Coordinator);
        using var adminApi = await app.ApiClientAsAsync(admin);
        using var coordination = await app.ApiClientAsAsync(coordinator);

        var org = await (await adminApi.PostAsJsonAsync("/api/v1/organisations", new { name = "Scierie " + Script, kind = "institution" }, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        var orgId = org.GetProperty("id").GetGuid();
        (await adminApi.PostAsJsonAsync($"/api/v1/organisations/{orgId}/units", new { kind = "department", name = "Atelier " + Script }, Ct)).EnsureSuccessStatusCode();
        (await adminApi.PutAsJsonAsync($"/api/v1/organisations/{orgId}/agreement", new { teamProgrammes = true, billingAddress = "1 rue " + Script }, Ct)).EnsureSuccessStatusCode();
        (await adminApi.PostAsJsonAsync("/api/v1/admin/invitations", new { displayName = "Invitée " + Script, email = $"x{Guid.NewGuid():N}@test.tandem.test", role = "coordinator" }, Ct)).EnsureSuccessStatusCode();

        var booked = await app.BookedCaseAsync(new { pseudonym = Script, themes = new[] { "conflict" }, modality = "video", message = "Bonjour " + Script });
        var id = booked.Request.RequestId;
        (await coordination.PostAsJsonAsync($"/api/v1/coordination/requests/{id}/messages", new { text = "Réponse " + Script }, Ct)).EnsureSuccessStatusCode();
        using (var person = await app.BeneficiaryClientAsync(booked.Request.AccessCode))
        {
            (await person.PostAsJsonAsync($"/api/v1/beneficiary/requests/{id}/messages", new { text = "Merci " + Script }, Ct)).EnsureSuccessStatusCode();
        }

        using (var pair = await app.ApiClientAsAsync(booked.Psychologist))
        {
            (await pair.PostAsJsonAsync($"/api/v1/cases/{id}/notes", new { text = "Note " + Script }, Ct)).EnsureSuccessStatusCode();
        }

        var facilitator = await app.ProfileIdAsync(booked.Psychologist);
        var today = app.Clock.GetCurrentInstant().InZone(DateTimeZoneProviders.Tzdb["Europe/Paris"]).Date;
        var programme = await (await coordination.PostAsJsonAsync($"/api/v1/organisations/{orgId}/programmes", new
        {
            type = "practice_analysis",
            facilitatorId = facilitator,
            participants = new[] { "Une " + Script, "Deux Personne", "Trois Personne" },
            startDate = LocalDatePattern.Iso.Format(today),
            endDate = LocalDatePattern.Iso.Format(today.PlusMonths(12)),
            sessionsPerMonth = 1,
            hourlyRate = 120m,
        }, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);

        var group = await coordination.CreateGroupAsync(new { kind = "workshop", theme = "stress", facilitatorIds = new[] { facilitator }, modality = "video", capacity = 8 });
        var session = (await coordination.PlanSessionsAsync(group, new { start = InstantPattern.ExtendedIso.Format(app.Clock.GetCurrentInstant() + Duration.FromDays(12)), minutes = 120, capacity = 8 }))[0];
        var (_, member) = await app.EligiblePersonAsync("Membre");
        using (member)
        {
            (await member.PostAsJsonAsync($"/api/v1/beneficiary/groups/{group}/enrolments", new { sessionId = session, pseudonym = "Pseudo " + Script }, Ct)).EnsureSuccessStatusCode();
        }

        using var coordinationPages = await app.PagesAsAsync(coordinator);
        foreach (var page in new[] { $"/coordination/demandes/{id}", $"/organisations/{orgId}", $"/programmes/{programme.GetProperty("id").GetGuid()}", $"/espace/groupes/{group}" })
        {
            await coordinationPages.GetAsync(page);
            AssertEscaped(coordinationPages.LastHtml, page);
        }

        using var adminPages = await app.PagesAsAsync(admin);
        await adminPages.GetAsync("/admin/equipe");
        AssertEscaped(adminPages.LastHtml, "/admin/equipe");

        using var pairPages = await app.PagesAsAsync(booked.Psychologist);
        await pairPages.GetAsync($"/espace/dossiers/{id}");
        AssertEscaped(pairPages.LastHtml, $"/espace/dossiers/{id}");

        using var space = app.CreatePageClient();
        await space.GetAsync("/mon-espace/connexion");
        await space.FollowAsync(await space.PostFormAsync("/mon-espace/connexion", new Dictionary<string, string?> { ["AccessCode"] = booked.Request.AccessCode }));
        await space.GetAsync("/mon-espace");
        AssertEscaped(space.LastHtml, "/mon-espace");
    }
}

public sealed class EscapingTestsOnSqlite() : EscapingTests(DatabaseProvider.Sqlite);

public sealed class EscapingTestsOnPostgres() : EscapingTests(DatabaseProvider.Postgres);
