using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Text;
using Tandem.Core.Data;
using Tandem.Core.Security;
using Tandem.Web.Tests.Support;

namespace Tandem.Web.Tests.Trust;

/// <summary>Who calls in the access matrix: one API client (bearer token or none) and one page client (cookies).</summary>
public sealed record Actor(string Name, HttpClient Api, PageClient Pages) : IDisposable
{
    public void Dispose()
    {
        Api.Dispose();
        Pages.Dispose();
    }
}

/// <summary>
/// Everything the access matrix reaches: a person (A) whose accepted request in organisation O
/// has its first interview booked with a pair, a group and a programme the pair's psychologist
/// facilitates, a referral, an invoice, a shift; a second person (B) with a request of their own;
/// a practitioner outside the pair; the coordination, an administrator, a contact of O and a
/// contact of another organisation. Route values of every endpoint are taken from here.
/// </summary>
public sealed class AccessWorld : IDisposable
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    private AccessWorld(IReadOnlyList<Actor> actors) => Actors = actors;

    public IReadOnlyList<Actor> Actors { get; private set; }

    public static readonly string[] ActorNames =
    [
        "anonymous", "beneficiary A", "beneficiary B", "practitioner of the pair", "other practitioner",
        "coordinator", "administrator", "contact of the organisation", "contact of another organisation",
    ];

    private static async Task<string> IdOfAsync(HttpResponseMessage response, string property = "id")
    {
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.IsSuccessStatusCode, json.ToString());
        Assert.True(json.TryGetProperty(property, out var id), $"no {property} in {json}");
        return id.ToString();
    }

    public static async Task<AccessWorld> BuildAsync(TandemApp app)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var admin = await app.CreateStaffAsync(Roles.Administrator);
        var coordinator = await app.CreateStaffAsync(Roles.Coordinator);
        using var adminApi = await app.ApiClientAsAsync(admin);
        using var coordination = await app.ApiClientAsAsync(coordinator);

        // Organisation O (an institution: it may have team programmes) and another one.
        var created = await adminApi.PostAsJsonAsync("/api/v1/organisations", new { name = "Hôpital du Matrice", kind = "institution" });
        var orgBody = await created.Content.ReadFromJsonAsync<JsonElement>();
        var orgId = orgBody.GetProperty("id").GetGuid();
        (await adminApi.PutAsJsonAsync($"/api/v1/organisations/{orgId}/agreement", new { teamProgrammes = true, billingAddress = "1 rue du Test\n69001 Lyon" })).EnsureSuccessStatusCode();
        var otherOrg = Guid.Parse(await IdOfAsync(await adminApi.PostAsJsonAsync("/api/v1/organisations", new { name = "Autre Scierie", kind = "company" })));
        var contact = await app.CreateStaffAsync(Roles.OrganisationContact);
        var spareContact = await app.CreateStaffAsync(Roles.OrganisationContact);
        var otherContact = await app.CreateStaffAsync(Roles.OrganisationContact);
        (await adminApi.PostAsJsonAsync($"/api/v1/organisations/{orgId}/contacts", new { staffId = contact.Id })).EnsureSuccessStatusCode();
        (await adminApi.PostAsJsonAsync($"/api/v1/organisations/{orgId}/contacts", new { staffId = spareContact.Id })).EnsureSuccessStatusCode();
        (await adminApi.PostAsJsonAsync($"/api/v1/organisations/{otherOrg}/contacts", new { staffId = otherContact.Id })).EnsureSuccessStatusCode();
        var unit = await IdOfAsync(await adminApi.PostAsJsonAsync($"/api/v1/organisations/{orgId}/units", new { kind = "department", name = "Urgences" }));

        // A's case: an accepted request of O, its first interview booked with the pair.
        var booked = await app.BookedCaseAsync(new { pseudonym = "Mésange", themes = new[] { "conflict" }, modality = "video", organisationCode = orgBody.GetProperty("code").GetString() });
        var pair = booked.Psychologist;
        var b = await app.CreateRequestAsync();
        var other = await app.CreatePractitionerAsync("Autre Intervenante", "social_worker", Core.Requests.Modality.Video);
        var referredTo = await app.CreatePractitionerAsync("Assistante Orientée", "social_worker", Core.Requests.Modality.Video);
        var pairProfile = await app.ProfileIdAsync(pair);

        using (var pairApi = await app.ApiClientAsAsync(pair))
        {
            var window = await IdOfAsync(await pairApi.PostAsJsonAsync($"/api/v1/practitioners/{pair.Id}/availability/leaves",
                new { start = Iso(app.Clock.GetCurrentInstant() + Duration.FromDays(60)), end = Iso(app.Clock.GetCurrentInstant() + Duration.FromDays(61)) }));
            var referral = await IdOfAsync(await pairApi.PostAsJsonAsync($"/api/v1/cases/{booked.Request.RequestId}/referrals",
                new { toPractitionerId = await app.ProfileIdAsync(referredTo), handOver = "Relais vers l'assistante sociale." }), "referralId");
            var programme = await IdOfAsync(await coordination.PostAsJsonAsync($"/api/v1/organisations/{orgId}/programmes", new
            {
                type = "practice_analysis",
                facilitatorId = pairProfile,
                participants = new[] { "Participante Une", "Participant Deux", "Participante Trois" },
                startDate = LocalDatePattern.Iso.Format(Today(app)),
                endDate = LocalDatePattern.Iso.Format(Today(app).PlusMonths(12)),
                sessionsPerMonth = 1,
                hourlyRate = 120m,
            }));
            var programmeSession = await IdOfAsync(await pairApi.PostAsJsonAsync($"/api/v1/programmes/{programme}/sessions",
                new { start = Iso(app.Clock.GetCurrentInstant() + Duration.FromDays(20)), minutes = 120 }));
            var view = await coordination.GetFromJsonAsync<JsonElement>($"/api/v1/programmes/{programme}");
            var participant = view.GetProperty("participants")[0];
            values["itemId"] = window;
            values["referralId"] = referral;
            values["programme"] = programme;
            values["programmeSession"] = programmeSession;
            values["participantId"] = participant.GetProperty("participantId").ToString();
            values["rulesToken"] = participant.GetProperty("rulesToken").GetString()!;

            var group = await coordination.CreateGroupAsync(new { kind = "workshop", theme = "stress", facilitatorIds = new[] { pairProfile }, modality = "video", capacity = 8 });
            var groupSession = (await coordination.PlanSessionsAsync(group, new { start = Iso(app.Clock.GetCurrentInstant() + Duration.FromDays(12)), minutes = 120, capacity = 8 }))[0];
            await app.ProposeGroupsAsync(booked.Request.RequestId);
            using var aApi = await app.BeneficiaryClientAsync(booked.Request.AccessCode);
            var enrolment = await IdOfAsync(await aApi.PostAsJsonAsync($"/api/v1/beneficiary/groups/{group}/enrolments", new { sessionId = groupSession, pseudonym = "Mésange" }), "enrolmentId");
            var shift = await IdOfAsync(await coordination.PostAsJsonAsync("/api/v1/hotline/shifts",
                new { practitionerId = pairProfile, start = Iso(app.Clock.GetCurrentInstant() + Duration.FromDays(3)), end = Iso(app.Clock.GetCurrentInstant() + Duration.FromDays(3) + Duration.FromHours(4)) }));
            var invitation = await IdOfAsync(await adminApi.PostAsJsonAsync("/api/v1/admin/invitations", new { displayName = "Invitée", email = $"invitee-{Guid.NewGuid():N}@test.tandem.test", role = "coordinator" }), "invitationId");
            var suited = await IdOfAsync(await adminApi.PostAsJsonAsync("/api/v1/admin/suited-pairs", new { theme = "other", disciplineA = "labour_lawyer", disciplineB = "coach" }));
            var spare = await app.CreateStaffAsync(Roles.Coordinator);

            var invoice = Guid.NewGuid();
            await using (var scope = app.Scope())
            {
                var db = scope.ServiceProvider.GetRequiredService<TandemDbContext>();
                db.Invoices.Add(new Core.Programmes.Invoice
                {
                    Id = invoice,
                    Number = "F-TEST-0001",
                    OrganisationId = orgId,
                    Month = "2026-10",
                    IssuedOn = Today(app),
                    DueOn = Today(app).PlusDays(30),
                    SellerName = "Tandem",
                    SellerAddress = "Lyon",
                    SellerSiret = "00000000000000",
                    BuyerName = "Hôpital du Matrice",
                    CreatedAt = app.Clock.GetCurrentInstant(),
                    CreatedById = coordinator.Id,
                });
                await db.SaveChangesAsync();
            }

            values["requestId"] = booked.Request.RequestId.ToString();
            values["appointmentId"] = booked.AppointmentId.ToString();
            values["orgId"] = orgId.ToString();
            values["unitId"] = unit;
            values["staffId"] = spareContact.Id.ToString();
            values["userId"] = pair.Id.ToString();
            values["groupId"] = group.ToString();
            values["groupSession"] = groupSession.ToString();
            values["enrolmentId"] = enrolment;
            values["shiftId"] = shift;
            values["invitation"] = invitation;
            values["suitedPair"] = suited;
            values["spareStaff"] = spare.Id.ToString();
            values["invoice"] = invoice.ToString();
            values["month"] = "2026-10";
        }

        // The actors sign in last, so that no session has aged while the world was built.
        var actors = new List<Actor>
        {
            new("anonymous", app.CreateApiClient(), app.CreatePageClient()),
            new("beneficiary A", await app.BeneficiaryClientAsync(booked.Request.AccessCode), await SpacePagesAsync(app, booked.Request.AccessCode)),
            new("beneficiary B", await app.BeneficiaryClientAsync(b.AccessCode), await SpacePagesAsync(app, b.AccessCode)),
        };
        foreach (var (name, staff) in new[] { ("practitioner of the pair", pair), ("other practitioner", other), ("coordinator", coordinator), ("administrator", admin), ("contact of the organisation", contact), ("contact of another organisation", otherContact) })
        {
            actors.Add(new(name, await app.ApiClientAsAsync(staff), await app.PagesAsAsync(staff)));
        }

        var world = new AccessWorld(actors);
        foreach (var (key, value) in values)
        {
            world._values[key] = value;
        }

        return world;
    }

    private static string Iso(Instant instant) => InstantPattern.ExtendedIso.Format(instant);

    private static LocalDate Today(TandemApp app) => app.Clock.GetCurrentInstant().InZone(DateTimeZoneProviders.Tzdb["Europe/Paris"]).Date;

    private static async Task<PageClient> SpacePagesAsync(TandemApp app, string code)
    {
        var client = app.CreatePageClient();
        await client.GetAsync("/mon-espace/connexion");
        var signedIn = await client.PostFormAsync("/mon-espace/connexion", new Dictionary<string, string?> { ["AccessCode"] = code });
        Assert.Equal("/mon-espace", signedIn.Headers.Location?.OriginalString);
        return client;
    }

    /// <summary>The value a route parameter takes for this endpoint: the world's own ids, chosen by the path around it.</summary>
    public string ValueOf(string pattern, string parameter) => parameter switch
    {
        "sessionId" when pattern.Contains("staff/me/", StringComparison.Ordinal) => "00000000-0000-0000-0000-00000000005e",
        "sessionId" => pattern.Contains("programmes/", StringComparison.Ordinal) ? _values["programmeSession"] : _values["groupSession"],
        "id" when pattern.Contains("/password-reset", StringComparison.Ordinal) => _values["userId"],
        "id" when pattern.Contains("admin/staff/", StringComparison.Ordinal) => _values["spareStaff"],
        "id" when pattern.Contains("admin/invitations/", StringComparison.Ordinal) => _values["invitation"],
        "id" when pattern.Contains("admin/suited-pairs/", StringComparison.Ordinal) => _values["suitedPair"],
        "id" when pattern.Contains("invoices/", StringComparison.Ordinal) => _values["invoice"],
        "id" when pattern.Contains("groupes/", StringComparison.Ordinal) => _values["groupId"],
        "id" => _values["programme"],
        "token" when pattern.Contains("regles/", StringComparison.Ordinal) || pattern.Contains("programme-rules/", StringComparison.Ordinal) => _values["rulesToken"],
        "token" => "no-such-token",
        "keyId" => "AAAA",
        "documentName" => "v1",
        "format" => "pdf",
        "document" => "poster",
        "code" => "404",
        "path" => "nowhere/at-all",
        _ => _values.TryGetValue(parameter, out var value) ? value : throw new InvalidOperationException($"The access world has no value for {{{parameter}}} in {pattern}: add one."),
    };

    public void Dispose()
    {
        foreach (var actor in Actors)
        {
            actor.Dispose();
        }

        Actors = [];
    }
}
