using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Text;
using Tandem.Core.Data;
using Tandem.Core.Groups;
using Tandem.Core.Mail;
using Tandem.Core.Security;
using Tandem.Web.Tests.Support;

namespace Tandem.Web.Tests.Groups;

public abstract class GroupTests(AppFixture fixture) : AppTests(fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Iso(Instant instant) => InstantPattern.ExtendedIso.Format(instant);

    private async Task<(HttpClient Coordination, TestStaff First, TestStaff Second, Guid FirstProfile, Guid SecondProfile)> TeamAsync(string tag)
    {
        var first = await App.CreatePractitionerAsync("Animatrice " + tag, "clinical_psychologist", Core.Requests.Modality.Video);
        var second = await App.CreatePractitionerAsync("Animateur " + tag, "social_worker", Core.Requests.Modality.Video);
        return (await App.ApiClientAsAsync(await App.CreateStaffAsync(Roles.Coordinator)), first, second, await App.ProfileIdAsync(first), await App.ProfileIdAsync(second));
    }

    private static Task<Guid> WorkshopAsync(HttpClient coordination, Guid facilitator, int capacity) => coordination.CreateGroupAsync(new
    {
        kind = "workshop",
        theme = "stress",
        facilitatorIds = new[] { facilitator },
        modality = "in_person",
        place = "12 rue des Lilas, Lyon",
        capacity,
    });

    private async Task<Guid> WorkshopSessionAsync(HttpClient coordination, Guid workshop, int capacity) =>
        (await coordination.PlanSessionsAsync(workshop, new { start = Iso(App.Clock.GetCurrentInstant() + Duration.FromDays(10)), minutes = 120, capacity }))[0];

    private async Task<T> InDbAsync<T>(Func<TandemDbContext, Task<T>> query)
    {
        await using var scope = App.Scope();
        return await query(scope.ServiceProvider.GetRequiredService<TandemDbContext>());
    }

    [Fact]
    public async Task SupportGroup_OpensAfterTheProposal_MembersSeeOnlyPseudonyms_FacilitatorsRecordAttendance()
    {
        var @case = await App.BookedCaseAsync();
        var (coordination, _, _, _, _) = await TeamAsync(@case.Tag);
        var psychologistProfile = await App.ProfileIdAsync(@case.Psychologist);
        var coachProfile = await App.ProfileIdAsync(@case.Coach);
        var groupId = await coordination.CreateGroupAsync(new
        {
            kind = "support_group",
            title = "Groupe du mardi " + @case.Tag,
            facilitatorIds = new[] { psychologistProfile, coachProfile },
            modality = "video",
            capacity = 12,
        });
        var firstStart = App.Clock.GetCurrentInstant() + Duration.FromDays(9);
        var sessions = await coordination.PlanSessionsAsync(groupId, new { start = Iso(firstStart), minutes = 120, repeat = 3 });
        Assert.Equal(3, sessions.Count);

        // Before any interview and without a proposal, the person may not join.
        using var person = await App.BeneficiaryClientAsync(@case.Request.AccessCode);
        var offer = await person.GetFromJsonAsync<JsonElement>("/api/v1/beneficiary/groups", Ct);
        Assert.False(offer.GetProperty("eligible").GetBoolean());
        Assert.Equal(HttpStatusCode.Conflict, (await person.PostAsJsonAsync($"/api/v1/beneficiary/groups/{groupId}/enrolments", new { pseudonym = "Colibri" }, Ct)).StatusCode);

        // Only the pair proposes it.
        using var outsider = await App.ApiClientAsAsync(await App.CreatePractitionerAsync("Autre " + @case.Tag, "coach", Core.Requests.Modality.Video));
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.PostAsync($"/api/v1/cases/{@case.Request.RequestId}/groups-proposal", null, Ct)).StatusCode);
        using var psychologist = await App.ApiClientAsAsync(@case.Psychologist);
        Assert.Equal(HttpStatusCode.NoContent, (await psychologist.PostAsync($"/api/v1/cases/{@case.Request.RequestId}/groups-proposal", null, Ct)).StatusCode);

        var joined = await person.PostAsJsonAsync($"/api/v1/beneficiary/groups/{groupId}/enrolments", new { pseudonym = "Colibri" }, Ct);
        Assert.Equal(HttpStatusCode.Created, joined.StatusCode);
        var mine = await joined.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal("confirmed", mine.GetProperty("state").GetString());
        Assert.Equal(HttpStatusCode.OK, (await person.PostAsJsonAsync($"/api/v1/beneficiary/groups/{groupId}/enrolments", new { pseudonym = "Colibri" }, Ct)).StatusCode);

        var (other, otherClient) = await App.EligiblePersonAsync("Mistral");
        using (otherClient)
        {
            (await otherClient.PutAsJsonAsync("/api/v1/beneficiary/me/contact", new { kind = "email", value = "mistral@personne.test" }, Ct)).EnsureSuccessStatusCode();
            Assert.Equal(HttpStatusCode.Created, (await otherClient.PostAsJsonAsync($"/api/v1/beneficiary/groups/{groupId}/enrolments", new { }, Ct)).StatusCode);
        }

        // Each member sees the others by pseudonym, and nothing else about them.
        var seen = await person.GetFromJsonAsync<JsonElement>("/api/v1/beneficiary/groups", Ct);
        var group = seen.GetProperty("activities").EnumerateArray().Single(a => a.GetProperty("activity").GetProperty("activityId").GetGuid() == groupId);
        Assert.Equal(["Colibri", "Mistral"], group.GetProperty("members").EnumerateArray().Select(m => m.GetString()).ToArray());
        Assert.Equal(3, group.GetProperty("activity").GetProperty("sessions").GetArrayLength());
        Assert.DoesNotContain("mistral@personne.test", seen.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain(other.RequestId.ToString(), seen.GetRawText(), StringComparison.Ordinal);
        var me = await person.GetFromJsonAsync<JsonElement>("/api/v1/beneficiary/me", Ct);
        var membership = Assert.Single(me.GetProperty("groupMemberships").EnumerateArray());
        Assert.Equal("confirmed", membership.GetProperty("state").GetString());
        Assert.StartsWith("https://visio.tandem.test/", membership.GetProperty("videoLink").GetString(), StringComparison.Ordinal);

        // The roster is for the facilitators and the coordination; another practitioner finds nothing.
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync($"/api/v1/groups/{groupId}", Ct)).StatusCode);
        var roster = await coordination.GetFromJsonAsync<JsonElement>($"/api/v1/groups/{groupId}", Ct);
        Assert.Equal(2, roster.GetProperty("activity").GetProperty("taken").GetInt32());
        var colibri = roster.GetProperty("roster").EnumerateArray().Single(r => r.GetProperty("pseudonym").GetString() == "Colibri").GetProperty("enrolmentId").GetGuid();

        // Attendance once the session has begun, by a facilitator only.
        Assert.Equal(HttpStatusCode.Conflict, (await psychologist.PutAsJsonAsync($"/api/v1/groups/{groupId}/sessions/{sessions[0]}/attendance", new { present = new[] { colibri } }, Ct)).StatusCode);
        App.Clock.Reset(firstStart + Duration.FromMinutes(30));
        using var facilitator = await App.ApiClientAsAsync(@case.Coach);
        var recorded = await facilitator.PutAsJsonAsync($"/api/v1/groups/{groupId}/sessions/{sessions[0]}/attendance", new { present = new[] { colibri } }, Ct);
        Assert.Equal(HttpStatusCode.OK, recorded.StatusCode);
        Assert.Equal(1, (await recorded.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("present").GetInt32());
        using var stranger = await App.ApiClientAsAsync(await App.CreatePractitionerAsync("Encore " + @case.Tag, "coach", Core.Requests.Modality.Video));
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.PutAsJsonAsync($"/api/v1/groups/{groupId}/sessions/{sessions[0]}/attendance", new { present = new[] { colibri } }, Ct)).StatusCode);
        var attendance = await InDbAsync(db => db.GroupAttendances.AsNoTracking().Where(a => a.SessionId == sessions[0]).ToListAsync(Ct));
        Assert.Equal(2, attendance.Count);
        Assert.Single(attendance, a => a.Present);
        coordination.Dispose();
    }

    [Fact]
    public async Task Creation_ChecksEachRule_SupportGroupsHoldTwelveAtMost()
    {
        var (coordination, first, second, p1, p2) = await TeamAsync("Règles");
        using var owned = coordination;
        async Task<JsonElement> InvalidAsync(object body)
        {
            var response = await coordination.PostAsJsonAsync("/api/v1/groups", body, Ct);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            return (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors");
        }

        Assert.True((await InvalidAsync(new { kind = "support_group", title = "Trop grand", facilitatorIds = new[] { p1 }, modality = "video", capacity = 13 })).TryGetProperty("capacity", out var _));
        Assert.True((await InvalidAsync(new { kind = "workshop", theme = "astrologie", facilitatorIds = new[] { p1 }, modality = "video", capacity = 10 })).TryGetProperty("theme", out var _));
        Assert.True((await InvalidAsync(new { kind = "support_group", title = "Trois", facilitatorIds = new[] { p1, p2, Guid.NewGuid() }, modality = "video", capacity = 8 })).TryGetProperty("facilitatorIds", out var _));
        var phone = await InvalidAsync(new { kind = "support_group", title = "Au téléphone", facilitatorIds = new[] { p1 }, modality = "phone", capacity = 8 });
        Assert.True(phone.TryGetProperty("modality", out var _));
        Assert.True((await InvalidAsync(new { kind = "support_group", title = "Sans lieu", facilitatorIds = new[] { p1 }, modality = "in_person", capacity = 8 })).TryGetProperty("place", out var _));
        var twelve = await coordination.CreateGroupAsync(new { kind = "support_group", title = "Douze", facilitatorIds = new[] { p1, p2 }, modality = "video", capacity = 12 });

        // Sessions: in the future, of a sensible length; monthly repetition is for support groups.
        var past = await coordination.PostAsJsonAsync($"/api/v1/groups/{twelve}/sessions", new { start = Iso(App.Clock.GetCurrentInstant() - Duration.FromHours(1)), minutes = 120 }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, past.StatusCode);
        var workshop = await WorkshopAsync(coordination, p1, 10);
        var repeated = await coordination.PostAsJsonAsync($"/api/v1/groups/{workshop}/sessions", new { start = Iso(App.Clock.GetCurrentInstant() + Duration.FromDays(3)), minutes = 120, repeat = 3 }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, repeated.StatusCode);

        // Setting groups up is the coordination's: to a practitioner the API answers 404, as to anyone without the right.
        using var practitioner = await App.ApiClientAsAsync(first);
        Assert.Equal(HttpStatusCode.NotFound, (await practitioner.PostAsJsonAsync("/api/v1/groups", new { kind = "support_group", title = "X", facilitatorIds = new[] { p1 }, modality = "video", capacity = 5 }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await (await App.ApiClientAsAsync(second)).GetAsync("/api/v1/groups", Ct)).StatusCode);
    }

    [Fact]
    public async Task SimultaneousRegistrations_OnTwoInstances_NeverExceedTheCapacity_TheRestWaitInOrder()
    {
        var (coordination, _, _, p1, _) = await TeamAsync("Foule");
        using var owned = coordination;
        var workshop = await WorkshopAsync(coordination, p1, 5);
        var session = await WorkshopSessionAsync(coordination, workshop, 5);
        var people = new List<HttpClient>();
        for (var i = 0; i < 16; i++)
        {
            people.Add((await App.EligiblePersonAsync("Personne " + i)).Client);
        }

        // Half of them register through a second instance on the same database, with the token the first issued.
        await using var second = new TandemApp(Fixture.Database, App.Clock);
        var onSecond = people.Where((_, i) => i % 2 == 1).Select(client =>
        {
            var other = second.CreateApiClient();
            other.DefaultRequestHeaders.Authorization = client.DefaultRequestHeaders.Authorization;
            return other;
        }).ToList();

        using var start = new SemaphoreSlim(0);
        var attempts = people.Where((_, i) => i % 2 == 0).Concat(onSecond).Select(async client =>
        {
            await start.WaitAsync(Ct);
            return await client.PostAsJsonAsync($"/api/v1/beneficiary/groups/{workshop}/enrolments", new { sessionId = session }, Ct);
        }).ToList();
        start.Release(people.Count);
        var responses = await Task.WhenAll(attempts);
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        var results = await Task.WhenAll(responses.Select(r => r.Content.ReadFromJsonAsync<JsonElement>(Ct)));
        Assert.Equal(5, results.Count(r => r.GetProperty("state").GetString() == "confirmed"));
        Assert.Equal(11, results.Count(r => r.GetProperty("state").GetString() == "waiting"));

        // Once all are in, each one waiting holds a distinct place in the queue.
        var positions = new List<int>();
        foreach (var client in people)
        {
            var view = await client.GetFromJsonAsync<JsonElement>("/api/v1/beneficiary/groups", Ct);
            var mine = view.GetProperty("activities").EnumerateArray().Single(x => x.GetProperty("activity").GetProperty("activityId").GetGuid() == workshop).GetProperty("mine");
            var place = Assert.Single(mine.EnumerateArray());
            if (place.GetProperty("state").GetString() == "waiting")
            {
                positions.Add(place.GetProperty("waitingPosition").GetInt32());
            }
        }

        Assert.Equal(Enumerable.Range(1, 11), positions.Order());

        var stored = await InDbAsync(db => db.GroupSessions.AsNoTracking().SingleAsync(s => s.Id == session, Ct));
        Assert.Equal(5, stored.Taken);
        Assert.Equal(5, await InDbAsync(db => db.GroupEnrolments.CountAsync(e => e.RosterId == session && e.State == EnrolmentState.Confirmed, Ct)));
        foreach (var client in people.Concat(onSecond))
        {
            client.Dispose();
        }
    }

    [Fact]
    public async Task WaitingList_PromotesTheFirstWaiting_WhenSomeoneLeavesOrErasesTheirSpace_AndNothingIsCancelledForTheOthers()
    {
        var (coordination, _, _, p1, _) = await TeamAsync("Attente");
        using var owned = coordination;
        var workshop = await WorkshopAsync(coordination, p1, 2);
        var session = await WorkshopSessionAsync(coordination, workshop, 2);
        var (_, a) = await App.EligiblePersonAsync("Alouette");
        var (_, b) = await App.EligiblePersonAsync("Bouvreuil");
        var (_, c) = await App.EligiblePersonAsync("Chardonneret");
        var (_, d) = await App.EligiblePersonAsync("Draine");
        async Task<JsonElement> JoinAsync(HttpClient client)
        {
            // The waiting list is served in order of arrival.
            App.Clock.Advance(Duration.FromSeconds(1));
            return await (await client.PostAsJsonAsync($"/api/v1/beneficiary/groups/{workshop}/enrolments", new { sessionId = session }, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        }

        var first = await JoinAsync(a);
        await JoinAsync(b);
        var third = await JoinAsync(c);
        var fourth = await JoinAsync(d);
        Assert.Equal("waiting", third.GetProperty("state").GetString());
        Assert.Equal(1, third.GetProperty("waitingPosition").GetInt32());
        Assert.Equal(2, fourth.GetProperty("waitingPosition").GetInt32());

        // The first leaves: the first waiting gets the place, in the same breath; the session stands.
        Assert.Equal(HttpStatusCode.NoContent, (await a.DeleteAsync($"/api/v1/beneficiary/enrolments/{first.GetProperty("enrolmentId").GetGuid()}", Ct)).StatusCode);
        var promoted = await InDbAsync(db => db.GroupEnrolments.AsNoTracking().SingleAsync(e => e.Id == third.GetProperty("enrolmentId").GetGuid(), Ct));
        Assert.Equal(EnrolmentState.Confirmed, promoted.State);
        if (await InDbAsync(db => Task.FromResult(App.Services.GetRequiredService<MailSettings>().Enabled)))
        {
            Assert.True(await InDbAsync(db => db.OutboxMessages.AnyAsync(m => m.EnrolmentId == promoted.Id && m.Kind == OutboxKind.GroupConfirmed, Ct)));
        }

        var view = await d.GetFromJsonAsync<JsonElement>("/api/v1/beneficiary/groups", Ct);
        var dMine = view.GetProperty("activities").EnumerateArray().Single(x => x.GetProperty("activity").GetProperty("activityId").GetGuid() == workshop).GetProperty("mine");
        Assert.Equal(1, Assert.Single(dMine.EnumerateArray()).GetProperty("waitingPosition").GetInt32());

        // Erasing a space gives its place back too.
        Assert.Equal(HttpStatusCode.NoContent, (await b.DeleteAsync("/api/v1/beneficiary/me", Ct)).StatusCode);
        var stored = await InDbAsync(db => db.GroupSessions.AsNoTracking().SingleAsync(s => s.Id == session, Ct));
        Assert.Null(stored.CancelledAt);
        Assert.Equal(2, stored.Taken);
        Assert.Equal(EnrolmentState.Confirmed, await InDbAsync(db => db.GroupEnrolments.Where(e => e.Id == fourth.GetProperty("enrolmentId").GetGuid()).Select(e => e.State).SingleAsync(Ct)));
        foreach (var client in new[] { a, b, c, d })
        {
            client.Dispose();
        }
    }

    [Fact]
    public async Task CancellingASession_IsTheCoordinations_AndDropsItsReminders()
    {
        var (coordination, first, _, p1, _) = await TeamAsync("Annulation");
        using var owned = coordination;
        var groupId = await coordination.CreateGroupAsync(new { kind = "support_group", title = "Groupe du jeudi", facilitatorIds = new[] { p1 }, modality = "in_person", place = "Maison des associations", capacity = 8 });
        var sessions = await coordination.PlanSessionsAsync(groupId, new { start = Iso(App.Clock.GetCurrentInstant() + Duration.FromDays(20)), minutes = 90, repeat = 2 });
        var (_, person) = await App.EligiblePersonAsync("Ibis");
        using var personOwned = person;
        (await person.PutAsJsonAsync("/api/v1/beneficiary/me/contact", new { kind = "email", value = TestMailbox.NewAddress() }, Ct)).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.Created, (await person.PostAsJsonAsync($"/api/v1/beneficiary/groups/{groupId}/enrolments", new { pseudonym = "Ibis" }, Ct)).StatusCode);
        var mailOn = App.Services.GetRequiredService<MailSettings>().Enabled;
        if (mailOn)
        {
            Assert.Equal(2, await InDbAsync(db => db.OutboxMessages.CountAsync(m => m.Kind == OutboxKind.GroupReminder && sessions.Contains(m.GroupSessionId!.Value) && m.State == OutboxState.Pending, Ct)));
        }

        using var facilitator = await App.ApiClientAsAsync(first);
        Assert.Equal(HttpStatusCode.NotFound, (await facilitator.DeleteAsync($"/api/v1/groups/{groupId}/sessions/{sessions[0]}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await coordination.DeleteAsync($"/api/v1/groups/{groupId}/sessions/{sessions[0]}", Ct)).StatusCode);
        var seen = await person.GetFromJsonAsync<JsonElement>("/api/v1/beneficiary/groups", Ct);
        var listed = seen.GetProperty("activities").EnumerateArray().Single(x => x.GetProperty("activity").GetProperty("activityId").GetGuid() == groupId).GetProperty("activity").GetProperty("sessions");
        Assert.Equal(sessions[1], Assert.Single(listed.EnumerateArray()).GetProperty("sessionId").GetGuid());
        if (mailOn)
        {
            Assert.Equal(0, await InDbAsync(db => db.OutboxMessages.CountAsync(m => m.Kind == OutboxKind.GroupReminder && m.GroupSessionId == sessions[0] && m.State == OutboxState.Pending, Ct)));
            Assert.Equal(1, await InDbAsync(db => db.OutboxMessages.CountAsync(m => m.Kind == OutboxKind.GroupSessionCancelled && m.GroupSessionId == sessions[0], Ct)));
        }
    }

    [Fact]
    public async Task CancellingAWorkshopSession_EndsItsRegistrations_AndTheWaitingList()
    {
        var (coordination, _, _, p1, _) = await TeamAsync("Atelier annulé");
        using var owned = coordination;
        var workshop = await WorkshopAsync(coordination, p1, 2);
        var session = await WorkshopSessionAsync(coordination, workshop, 2);
        var people = new List<HttpClient>();
        foreach (var name in new[] { "Pinson", "Rouge-gorge", "Sittelle" })
        {
            var (_, client) = await App.EligiblePersonAsync(name);
            App.Clock.Advance(Duration.FromSeconds(1));
            Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync($"/api/v1/beneficiary/groups/{workshop}/enrolments", new { sessionId = session }, Ct)).StatusCode);
            people.Add(client);
        }

        Assert.Equal(HttpStatusCode.NoContent, (await coordination.DeleteAsync($"/api/v1/groups/{workshop}/sessions/{session}", Ct)).StatusCode);
        foreach (var client in people)
        {
            var view = await client.GetFromJsonAsync<JsonElement>("/api/v1/beneficiary/groups", Ct);
            var mine = view.GetProperty("activities").EnumerateArray().Where(x => x.GetProperty("activity").GetProperty("activityId").GetGuid() == workshop)
                .SelectMany(x => x.GetProperty("mine").EnumerateArray());
            Assert.Empty(mine);
            client.Dispose();
        }

        var stored = await InDbAsync(db => db.GroupSessions.AsNoTracking().SingleAsync(s => s.Id == session, Ct));
        Assert.NotNull(stored.CancelledAt);
        Assert.Equal(0, stored.Taken);
        Assert.Equal(0, await InDbAsync(db => db.GroupEnrolments.CountAsync(e => e.SessionId == session && e.State != EnrolmentState.Cancelled, Ct)));
    }

    [Fact]
    public async Task Mails_AreNeutral_ListNoOtherMember_AndReachThePersonPromotedFromTheWaitingList()
    {
        TestMailbox.SkipWithoutServer();
        var (coordination, _, _, p1, _) = await TeamAsync("Courrier");
        using var owned = coordination;
        var workshop = await WorkshopAsync(coordination, p1, 2);
        var session = await WorkshopSessionAsync(coordination, workshop, 2);
        var people = new List<(HttpClient Client, string Address, Guid Enrolment)>();
        foreach (var name in new[] { "Grive", "Loriot", "Martinet" })
        {
            var (_, client) = await App.EligiblePersonAsync(name);
            var address = TestMailbox.NewAddress();
            (await client.PutAsJsonAsync("/api/v1/beneficiary/me/contact", new { kind = "email", value = address }, Ct)).EnsureSuccessStatusCode();
            App.Clock.Advance(Duration.FromSeconds(1));
            var joined = await (await client.PostAsJsonAsync($"/api/v1/beneficiary/groups/{workshop}/enrolments", new { sessionId = session, pseudonym = name }, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
            people.Add((client, address, joined.GetProperty("enrolmentId").GetGuid()));
        }

        var confirmation = Assert.Single(await TestMailbox.WaitForAsync(people[0].Address));
        var text = confirmation.Subject + "\n" + confirmation.TextBody;
        Assert.Contains("Rendez-vous confirmé", confirmation.Subject, StringComparison.Ordinal);
        Assert.Contains("12 rue des Lilas, Lyon", text, StringComparison.Ordinal);
        foreach (var word in new[] { "Grive", "Loriot", "Martinet", "atelier", "workshop", "stress", "groupe", "parole" })
        {
            Assert.DoesNotContain(word, text, StringComparison.OrdinalIgnoreCase);
        }

        var calendar = confirmation.Attachments.OfType<MimeKit.MimePart>().Single(a => a.ContentType.MimeType == "text/calendar");
        using (var stream = new MemoryStream())
        {
            calendar.Content!.DecodeTo(stream, Ct);
            var ics = System.Text.Encoding.UTF8.GetString(stream.ToArray());
            Assert.DoesNotContain("ATTENDEE", ics, StringComparison.Ordinal);
            Assert.DoesNotContain("Loriot", ics, StringComparison.Ordinal);
        }

        // The third waited, without a mail; the first leaves, and the third is told their place is confirmed.
        Assert.Empty(TestMailbox.To(people[2].Address));
        (await people[0].Client.DeleteAsync($"/api/v1/beneficiary/enrolments/{people[0].Enrolment}", Ct)).EnsureSuccessStatusCode();
        var promoted = Assert.Single(await TestMailbox.WaitForAsync(people[2].Address));
        Assert.Contains("Rendez-vous confirmé", promoted.Subject, StringComparison.Ordinal);
        foreach (var (client, _, _) in people)
        {
            client.Dispose();
        }
    }

    [Fact]
    public async Task Pages_LetThePersonJoin_AndTheFacilitatorSeeTheRoster()
    {
        var (coordination, first, _, p1, _) = await TeamAsync("Pages");
        using var owned = coordination;
        var groupId = await coordination.CreateGroupAsync(new { kind = "support_group", title = "Groupe des pages", facilitatorIds = new[] { p1 }, modality = "video", capacity = 6 });
        await coordination.PlanSessionsAsync(groupId, new { start = Iso(App.Clock.GetCurrentInstant() + Duration.FromDays(5)), minutes = 90 });
        var (request, client) = await App.EligiblePersonAsync("Héron");
        client.Dispose();

        using var space = App.CreatePageClient();
        await space.GetAsync("/mon-espace/connexion");
        await space.FollowAsync(await space.PostFormAsync("/mon-espace/connexion", new Dictionary<string, string?> { ["AccessCode"] = request.AccessCode }));
        Assert.Equal(HttpStatusCode.OK, (await space.GetAsync("/mon-espace")).StatusCode);
        Assert.Contains("/mon-espace/groupes", space.LastHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await space.GetAsync("/mon-espace/groupes")).StatusCode);
        Assert.Contains("Groupe des pages", space.LastHtml, StringComparison.Ordinal);
        var joined = await space.PostFormAsync($"/mon-espace/groupes?handler=Join&activityId={groupId}", new Dictionary<string, string?> { ["pseudonym"] = "Héron cendré" });
        Assert.Equal(HttpStatusCode.Redirect, joined.StatusCode);
        await space.FollowAsync(joined);
        Assert.Contains("Votre place est confirmée.", space.LastHtml, StringComparison.Ordinal);
        Assert.Contains("Héron cendré", space.LastHtml, StringComparison.Ordinal);

        using var staff = await App.PagesAsAsync(first);
        Assert.Equal(HttpStatusCode.OK, (await staff.GetAsync("/espace/groupes")).StatusCode);
        Assert.Contains("Groupe des pages", staff.LastHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await staff.GetAsync($"/espace/groupes/{groupId}")).StatusCode);
        Assert.Contains("Héron cendré", staff.LastHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("handler=Sessions", staff.LastHtml, StringComparison.Ordinal);

        // A practitioner who does not run it finds nothing; a bad session form answers in French.
        using var other = await App.PagesAsAsync(await App.CreatePractitionerAsync("Hors groupe", "coach", Core.Requests.Modality.Video));
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/espace/groupes/{groupId}")).StatusCode);
        using var desk = await App.PagesAsAsync(await App.CreateStaffAsync(Roles.Coordinator));
        await desk.GetAsync($"/espace/groupes/{groupId}");
        var bad = await desk.PostFormAsync($"/espace/groupes/{groupId}?handler=Sessions", new Dictionary<string, string?> { ["start"] = "", ["minutes"] = "5" });
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        Assert.Contains("Une séance dure de 30 à 480 minutes.", desk.LastHtml, StringComparison.Ordinal);
    }
}

public sealed class GroupTestsOnSqlite(SqliteFixture fixture) : GroupTests(fixture), IClassFixture<SqliteFixture>;

public sealed class GroupTestsOnPostgres(PostgresFixture fixture) : GroupTests(fixture), IClassFixture<PostgresFixture>;
