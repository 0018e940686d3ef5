using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Tandem.Core.Security;
using Tandem.Web.Tests.Support;

namespace Tandem.Web.Tests.Scheduling;

public abstract class BookingApiTests(AppFixture fixture) : AppTests(fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task<string> PairAsync() => App.PairAsync();

    private Task<(CreatedRequest Request, HttpClient Coordination)> AcceptedRequestAsync(HttpClient? coordination = null) => App.AcceptedRequestAsync(coordination);

    private static Task<JsonElement> FirstSlotOfAsync(HttpClient client, Guid requestId, string tag) => SchedulingHelpers.FirstSlotOfAsync(client, requestId, tag);

    [Fact]
    public async Task Book_ByThePerson_Returns201_AndTheSpaceShowsThePractitioners()
    {
        var tag = await PairAsync();
        var (request, coordination) = await AcceptedRequestAsync();
        using var person = await App.BeneficiaryClientAsync(request.AccessCode);
        var slot = await FirstSlotOfAsync(person, request.RequestId, tag);

        var booked = await person.PostAsJsonAsync($"/api/v1/requests/{request.RequestId}/appointments", new { slotId = slot.GetProperty("slotId").GetString() }, Ct);
        Assert.Equal(HttpStatusCode.Created, booked.StatusCode);

        var me = await person.GetFromJsonAsync<JsonElement>("/api/v1/beneficiary/me", Ct);
        var appointment = me.GetProperty("appointments")[0];
        Assert.Equal(slot.GetProperty("start").GetString(), appointment.GetProperty("start").GetString());
        var names = appointment.GetProperty("practitioners").EnumerateArray().Select(p => p.GetProperty("name").GetString()).ToHashSet();
        Assert.Equal(new HashSet<string?> { "Psy " + tag, "Coach " + tag }, names);
        Assert.Contains(appointment.GetProperty("practitioners").EnumerateArray(), p => p.GetProperty("discipline").GetString() == "coach");

        // The pair is no longer offered at that time, to anyone.
        var (other, _) = await AcceptedRequestAsync(coordination);
        var again = await coordination.GetFromJsonAsync<JsonElement>($"/api/v1/requests/{other.RequestId}/slots", Ct);
        Assert.DoesNotContain(again.EnumerateArray(), s => s.GetProperty("slotId").GetString() == slot.GetProperty("slotId").GetString());
        coordination.Dispose();
    }

    [Fact]
    public async Task KnownPair_IsNeverOfferedAgainForThatRequest_ButStillForOthers()
    {
        var tag = await PairAsync();
        var (request, coordination) = await AcceptedRequestAsync();
        var (other, _) = await AcceptedRequestAsync(coordination);
        using var person = await App.BeneficiaryClientAsync(request.AccessCode);
        var slot = await FirstSlotOfAsync(person, request.RequestId, tag);
        bool HasPair(JsonElement slots) => slots.EnumerateArray().Any(s => s.GetProperty("practitioners").EnumerateArray().All(p => p.GetProperty("name").GetString()!.EndsWith(tag, StringComparison.Ordinal)));

        var known = await person.PostAsJsonAsync($"/api/v1/requests/{request.RequestId}/known-pairs", new { slotId = slot.GetProperty("slotId").GetString() }, Ct);
        Assert.Equal(HttpStatusCode.NoContent, known.StatusCode);
        Assert.False(HasPair(await person.GetFromJsonAsync<JsonElement>($"/api/v1/requests/{request.RequestId}/slots", Ct)));
        Assert.True(HasPair(await coordination.GetFromJsonAsync<JsonElement>($"/api/v1/requests/{other.RequestId}/slots", Ct)));
        Assert.Equal(HttpStatusCode.Conflict, (await person.PostAsJsonAsync($"/api/v1/requests/{request.RequestId}/appointments", new { slotId = slot.GetProperty("slotId").GetString() }, Ct)).StatusCode);
        coordination.Dispose();
    }

    [Fact]
    public async Task Cancel_ByThePersonInTime_FreesTheSlot_TooLateIs409_StaffAnyTime()
    {
        var tag = await PairAsync();
        var (request, coordination) = await AcceptedRequestAsync();
        using var person = await App.BeneficiaryClientAsync(request.AccessCode);
        var slotId = (await FirstSlotOfAsync(person, request.RequestId, tag)).GetProperty("slotId").GetString();
        var booked = await (await person.PostAsJsonAsync($"/api/v1/requests/{request.RequestId}/appointments", new { slotId }, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        var appointmentId = booked.GetProperty("appointmentId").GetGuid();

        Assert.Equal(HttpStatusCode.NoContent, (await person.PostAsync(new Uri($"/api/v1/appointments/{appointmentId}/cancel", UriKind.Relative), null, Ct)).StatusCode);
        var rebooked = await person.PostAsJsonAsync($"/api/v1/requests/{request.RequestId}/appointments", new { slotId }, Ct);
        Assert.Equal(HttpStatusCode.Created, rebooked.StatusCode);
        var second = (await rebooked.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("appointmentId").GetGuid();
        Assert.NotEqual(appointmentId, second);

        // Close to the start, only the coordination may cancel.
        var start = Instant.FromDateTimeOffset(booked.GetProperty("start").GetDateTimeOffset());
        App.Clock.Reset(start - Duration.FromHours(2));
        using var personLater = await App.BeneficiaryClientAsync(request.AccessCode);
        using var coordinationLater = await App.ApiClientAsAsync(await App.CreateStaffAsync(Roles.Coordinator));
        Assert.Equal(HttpStatusCode.Conflict, (await personLater.PostAsync(new Uri($"/api/v1/appointments/{second}/cancel", UriKind.Relative), null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await coordinationLater.PostAsync(new Uri($"/api/v1/appointments/{second}/cancel", UriKind.Relative), null, Ct)).StatusCode);

        var stranger = await App.CreateRequestAsync();
        using var other = await App.BeneficiaryClientAsync(stranger.AccessCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostAsync(new Uri($"/api/v1/appointments/{second}/cancel", UriKind.Relative), null, Ct)).StatusCode);
        coordination.Dispose();
    }

    [Fact]
    public async Task Attendance_IsRecordedByThePairOnly_AfterTheStart()
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        var psy = await App.CreatePractitionerAsync("Psy " + tag, "clinical_psychologist", Tandem.Core.Requests.Modality.InPerson);
        await App.CreatePractitionerAsync("Social " + tag, "social_worker", Tandem.Core.Requests.Modality.InPerson);
        var outsider = await App.CreatePractitionerAsync("Autre " + tag, "coach", Tandem.Core.Requests.Modality.Phone);
        var request = await App.CreateRequestAsync(new { themes = new[] { "social_difficulty" }, modality = "in_person" });
        var coordinator = await App.CreateStaffAsync(Roles.Coordinator);
        using var coordination = await App.ApiClientAsAsync(coordinator);
        await coordination.PostAsJsonAsync($"/api/v1/requests/{request.RequestId}/triage", new { outcome = "accepted" }, Ct);
        var slot = await FirstSlotOfAsync(coordination, request.RequestId, tag);
        var booked = await (await coordination.PostAsJsonAsync($"/api/v1/requests/{request.RequestId}/appointments", new { slotId = slot.GetProperty("slotId").GetString() }, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        var id = booked.GetProperty("appointmentId").GetGuid();

        using var pair = await App.ApiClientAsAsync(psy);
        Assert.Equal(HttpStatusCode.Conflict, (await pair.PostAsJsonAsync($"/api/v1/appointments/{id}/attendance", new { held = true }, Ct)).StatusCode);
        var agenda = await pair.GetFromJsonAsync<JsonElement>("/api/v1/practitioners/me/appointments", Ct);
        Assert.Contains(agenda.EnumerateArray(), a => a.GetProperty("appointmentId").GetGuid() == id);

        App.Clock.Reset(Instant.FromDateTimeOffset(booked.GetProperty("end").GetDateTimeOffset()));
        using var pairLater = await App.ApiClientAsAsync(psy);
        using var stranger = await App.ApiClientAsAsync(outsider);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.PostAsJsonAsync($"/api/v1/appointments/{id}/attendance", new { held = true }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await pairLater.PostAsJsonAsync($"/api/v1/appointments/{id}/attendance", new { held = true }, Ct)).StatusCode);
        var after = await pairLater.GetFromJsonAsync<JsonElement>("/api/v1/practitioners/me/appointments", Ct);
        Assert.Equal("held", after.EnumerateArray().Single(a => a.GetProperty("appointmentId").GetGuid() == id).GetProperty("attendance").GetString());
    }

    [Fact]
    public async Task SecondInterview_AfterTheFirstIsHeld_SamePairBetween21And42DaysLater()
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        // A theme this pair suits, so its slots come first however many other pairs the shared database holds.
        var psy = await App.CreatePractitionerAsync("Psy " + tag, "clinical_psychologist", Tandem.Core.Requests.Modality.Video);
        await App.CreatePractitionerAsync("Conseil " + tag, "career_counsellor", Tandem.Core.Requests.Modality.Video);
        var request = await App.CreateRequestAsync(new { themes = new[] { "loss_of_meaning" }, modality = "video" });
        var coordination = await App.ApiClientAsAsync(await App.CreateStaffAsync(Roles.Coordinator));
        (await coordination.PostAsJsonAsync($"/api/v1/requests/{request.RequestId}/triage", new { outcome = "accepted" }, Ct)).EnsureSuccessStatusCode();
        var slot = await FirstSlotOfAsync(coordination, request.RequestId, tag);
        var first = await (await coordination.PostAsJsonAsync($"/api/v1/requests/{request.RequestId}/appointments", new { slotId = slot.GetProperty("slotId").GetString() }, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        var firstStart = Instant.FromDateTimeOffset(first.GetProperty("start").GetDateTimeOffset());

        // Nothing more to book until the first one is held.
        Assert.Equal(HttpStatusCode.Conflict, (await coordination.GetAsync(new Uri($"/api/v1/requests/{request.RequestId}/slots", UriKind.Relative), Ct)).StatusCode);

        App.Clock.Reset(firstStart + Duration.FromHours(2));
        using (var pair = await App.ApiClientAsAsync(psy))
        {
            Assert.Equal(HttpStatusCode.NoContent, (await pair.PostAsJsonAsync($"/api/v1/appointments/{first.GetProperty("appointmentId").GetGuid()}/attendance", new { held = true }, Ct)).StatusCode);
        }

        using var person = await App.BeneficiaryClientAsync(request.AccessCode);
        var second = (await person.GetFromJsonAsync<JsonElement>($"/api/v1/requests/{request.RequestId}/slots", Ct)).EnumerateArray().ToList();
        Assert.NotEmpty(second);
        Assert.All(second, s =>
        {
            var start = Instant.FromDateTimeOffset(s.GetProperty("start").GetDateTimeOffset());
            Assert.InRange(start, firstStart + Duration.FromDays(21), firstStart + Duration.FromDays(42));
            Assert.All(s.GetProperty("practitioners").EnumerateArray(), p => Assert.EndsWith(tag, p.GetProperty("name").GetString(), StringComparison.Ordinal));
        });

        var booked = await person.PostAsJsonAsync($"/api/v1/requests/{request.RequestId}/appointments", new { slotId = second[0].GetProperty("slotId").GetString() }, Ct);
        Assert.Equal(HttpStatusCode.Created, booked.StatusCode);
        Assert.Equal("second", (await booked.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("kind").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await person.GetAsync(new Uri($"/api/v1/requests/{request.RequestId}/slots", UriKind.Relative), Ct)).StatusCode);
        coordination.Dispose();
    }

    [Fact]
    public async Task Book_TwoSlotsForOneRequestAtOnce_OnlyOneFirstInterview()
    {
        var tag = await PairAsync();
        var (request, coordination) = await AcceptedRequestAsync();
        var slots = (await coordination.GetFromJsonAsync<JsonElement>($"/api/v1/requests/{request.RequestId}/slots", Ct)).EnumerateArray()
            .Where(s => s.GetProperty("practitioners").EnumerateArray().All(p => p.GetProperty("name").GetString()!.EndsWith(tag, StringComparison.Ordinal)))
            .Take(6).Select(s => s.GetProperty("slotId").GetString()).ToList();
        var token = coordination.DefaultRequestHeaders.Authorization;
        var statuses = await Task.WhenAll(slots.Select(async slotId =>
        {
            using var client = App.CreateApiClient();
            client.DefaultRequestHeaders.Authorization = token;
            return (await client.PostAsJsonAsync($"/api/v1/requests/{request.RequestId}/appointments", new { slotId }, Ct)).StatusCode;
        }));
        Assert.Equal(1, statuses.Count(s => s == HttpStatusCode.Created));
        Assert.All(statuses.Where(s => s != HttpStatusCode.Created), s => Assert.Equal(HttpStatusCode.Conflict, s));
        coordination.Dispose();
    }

    [Fact]
    public async Task PhoneInterview_NeedsANumber_SealedForThePairOnly_ForgottenOnceHeld_VideoHasAnUnguessableLink()
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        var psy = await App.CreatePractitionerAsync("Psy " + tag, "clinical_psychologist", Tandem.Core.Requests.Modality.Phone);
        await App.CreatePractitionerAsync("Social " + tag, "social_worker", Tandem.Core.Requests.Modality.Phone);
        var request = await App.CreateRequestAsync(new { themes = new[] { "social_difficulty" }, modality = "phone" });
        using var coordination = await App.ApiClientAsAsync(await App.CreateStaffAsync(Roles.Coordinator));
        (await coordination.PostAsJsonAsync($"/api/v1/requests/{request.RequestId}/triage", new { outcome = "accepted" }, Ct)).EnsureSuccessStatusCode();
        using var person = await App.BeneficiaryClientAsync(request.AccessCode);
        var slot = await FirstSlotOfAsync(person, request.RequestId, tag);
        var slotId = slot.GetProperty("slotId").GetString();

        var without = await person.PostAsJsonAsync($"/api/v1/requests/{request.RequestId}/appointments", new { slotId }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, without.StatusCode);
        Assert.True((await without.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").TryGetProperty("callbackNumber", out _));
        var number = "06 98 76 " + Random.Shared.Next(10, 99) + " " + Random.Shared.Next(10, 99);
        var booked = await person.PostAsJsonAsync($"/api/v1/requests/{request.RequestId}/appointments", new { slotId, callbackNumber = number }, Ct);
        Assert.Equal(HttpStatusCode.Created, booked.StatusCode);
        var appointment = await booked.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(JsonValueKind.Null, appointment.GetProperty("callbackNumber").ValueKind);
        Assert.Empty(await DatabaseScanner.FindAsync(App, number));

        using var pair = await App.ApiClientAsAsync(psy);
        var agenda = await pair.GetFromJsonAsync<JsonElement>("/api/v1/practitioners/me/appointments", Ct);
        Assert.Equal(number, agenda.EnumerateArray().Single(a => a.GetProperty("appointmentId").GetGuid() == appointment.GetProperty("appointmentId").GetGuid()).GetProperty("callbackNumber").GetString());

        App.Clock.Reset(Instant.FromDateTimeOffset(appointment.GetProperty("end").GetDateTimeOffset()));
        using var pairLater = await App.ApiClientAsAsync(psy);
        await pairLater.PostAsJsonAsync($"/api/v1/appointments/{appointment.GetProperty("appointmentId").GetGuid()}/attendance", new { held = true }, Ct);
        var after = await pairLater.GetFromJsonAsync<JsonElement>("/api/v1/practitioners/me/appointments", Ct);
        Assert.Equal(JsonValueKind.Null, after.EnumerateArray().Single(a => a.GetProperty("appointmentId").GetGuid() == appointment.GetProperty("appointmentId").GetGuid()).GetProperty("callbackNumber").ValueKind);
    }

    [Fact]
    public async Task VideoInterview_GetsItsOwnUnguessableRoom()
    {
        var tag = await PairAsync();
        var (first, coordination) = await AcceptedRequestAsync();
        var (second, _) = await AcceptedRequestAsync(coordination);
        var links = new List<string>();
        foreach (var id in new[] { first.RequestId, second.RequestId })
        {
            var slot = await FirstSlotOfAsync(coordination, id, tag);
            var booked = await (await coordination.PostAsJsonAsync($"/api/v1/requests/{id}/appointments", new { slotId = slot.GetProperty("slotId").GetString() }, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
            links.Add(booked.GetProperty("videoLink").GetString()!);
        }

        Assert.All(links, l => Assert.Matches("^https://visio\\.tandem\\.test/[0-9a-f]{32}$", l));
        Assert.NotEqual(links[0], links[1]);
        coordination.Dispose();
    }

    [Fact]
    public async Task InPersonInterview_IsHeldAtThePlaceOfTheFirstPractitionersWindow_AndOnlyOfferedStartsAreBooked()
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        var places = new Dictionary<string, (string Place, string? Access)>();
        foreach (var (name, discipline, place, access) in new[]
        {
            ("Psy " + tag, "work_psychologist", "Cabinet du Parc " + tag, "2e étage, porte B"),
            ("Coach " + tag, "coach", "Maison des Tilleuls " + tag, null),
        })
        {
            var practitioner = await App.CreateStaffAsync(Roles.Practitioner);
            using var client = await App.ApiClientAsAsync(practitioner);
            (await client.PutAsJsonAsync($"/api/v1/practitioners/{practitioner.Id}/profile", new { publicName = name, disciplines = new[] { discipline }, modalities = new[] { "in_person" } }, Ct)).EnsureSuccessStatusCode();
            foreach (var day in new[] { "monday", "tuesday", "wednesday", "thursday", "friday" })
            {
                (await client.PostAsJsonAsync($"/api/v1/practitioners/{practitioner.Id}/availability/windows", new { day, start = "09:00:00", end = "12:00:00", modality = "in_person", place, access }, Ct)).EnsureSuccessStatusCode();
            }

            places[name] = (place, access);
        }

        var request = await App.CreateRequestAsync(new { themes = new[] { "conflict" }, modality = "in_person" });
        using var coordination = await App.ApiClientAsAsync(await App.CreateStaffAsync(Roles.Coordinator));
        (await coordination.PostAsJsonAsync($"/api/v1/requests/{request.RequestId}/triage", new { outcome = "accepted" }, Ct)).EnsureSuccessStatusCode();
        var slot = await FirstSlotOfAsync(coordination, request.RequestId, tag);
        var slotId = slot.GetProperty("slotId").GetString()!;

        // A start between two offered ones, or past the weeks offered, is not a slot, even with both free then.
        var parts = slotId.Split('.');
        var start = long.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture);
        foreach (var shifted in new[] { start + 15 * 60, start + 365 * 24 * 3600 })
        {
            var refused = await coordination.PostAsJsonAsync($"/api/v1/requests/{request.RequestId}/appointments", new { slotId = $"{shifted}.{parts[1]}.{parts[2]}" }, Ct);
            Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        }

        var booked = await coordination.PostAsJsonAsync($"/api/v1/requests/{request.RequestId}/appointments", new { slotId }, Ct);
        Assert.Equal(HttpStatusCode.Created, booked.StatusCode);
        var appointment = await booked.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var (expectedPlace, expectedAccess) = places[slot.GetProperty("practitioners")[0].GetProperty("name").GetString()!];
        Assert.Equal(expectedPlace, appointment.GetProperty("place").GetString());
        Assert.Equal(expectedAccess, appointment.GetProperty("access").GetString());
    }

    [Fact]
    public async Task Book_Retried_WithTheSameIdempotencyKey_AnswersTheSameAppointment()
    {
        var tag = await PairAsync();
        var (request, coordination) = await AcceptedRequestAsync();
        var slot = await FirstSlotOfAsync(coordination, request.RequestId, tag);
        var body = new { slotId = slot.GetProperty("slotId").GetString(), idempotencyKey = "retry-" + tag };
        var first = await coordination.PostAsJsonAsync($"/api/v1/requests/{request.RequestId}/appointments", body, Ct);
        var second = await coordination.PostAsJsonAsync($"/api/v1/requests/{request.RequestId}/appointments", body, Ct);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(
            (await first.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("appointmentId").GetGuid(),
            (await second.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("appointmentId").GetGuid());
        coordination.Dispose();
    }

    [Fact]
    public async Task Book_ASlotTakenMeanwhile_Returns409()
    {
        var tag = await PairAsync();
        var (first, coordination) = await AcceptedRequestAsync();
        var (second, _) = await AcceptedRequestAsync(coordination);
        var slot = await FirstSlotOfAsync(coordination, first.RequestId, tag);
        var slotId = slot.GetProperty("slotId").GetString();
        Assert.Equal(HttpStatusCode.Created, (await coordination.PostAsJsonAsync($"/api/v1/requests/{first.RequestId}/appointments", new { slotId }, Ct)).StatusCode);
        var late = await coordination.PostAsJsonAsync($"/api/v1/requests/{second.RequestId}/appointments", new { slotId }, Ct);
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        Assert.Equal("application/problem+json", late.Content.Headers.ContentType?.MediaType);
        coordination.Dispose();
    }

    [Fact]
    public async Task Book_FiftyAtOnceOnOneSlot_ExactlyOneSucceeds()
    {
        var tag = await PairAsync();
        var (first, coordination) = await AcceptedRequestAsync();
        var requests = new List<Guid> { first.RequestId };
        for (var i = 1; i < 50; i++)
        {
            requests.Add((await AcceptedRequestAsync(coordination)).Request.RequestId);
        }

        var slotId = (await FirstSlotOfAsync(coordination, first.RequestId, tag)).GetProperty("slotId").GetString();
        var token = coordination.DefaultRequestHeaders.Authorization;
        var attempts = requests.Select(async id =>
        {
            using var client = App.CreateApiClient();
            client.DefaultRequestHeaders.Authorization = token;
            return (await client.PostAsJsonAsync($"/api/v1/requests/{id}/appointments", new { slotId }, Ct)).StatusCode;
        });
        var statuses = await Task.WhenAll(attempts);
        Assert.Equal(1, statuses.Count(s => s == HttpStatusCode.Created));
        Assert.Equal(49, statuses.Count(s => s == HttpStatusCode.Conflict));

        // A refused booking leaves nothing behind: one appointment in all, with its two practitioners' time.
        await using var scope = App.Scope();
        var db = scope.ServiceProvider.GetRequiredService<Core.Data.TandemDbContext>();
        var saved = await db.Appointments.Where(a => requests.Contains(a.RequestId)).Select(a => a.Id).ToListAsync(Ct);
        Assert.Single(saved);
        Assert.Equal(2, await db.PractitionerBookings.CountAsync(b => b.AppointmentId == saved[0], Ct));
        coordination.Dispose();
    }

    [Fact]
    public async Task Book_OnTwoInstancesAtOnce_ExactlyOneSucceeds_AndATokenOfOneWorksOnTheOther()
    {
        var tag = await PairAsync();
        var (first, coordination) = await AcceptedRequestAsync();
        var requests = new List<Guid> { first.RequestId };
        for (var i = 1; i < 20; i++)
        {
            requests.Add((await AcceptedRequestAsync(coordination)).Request.RequestId);
        }

        var slotId = (await FirstSlotOfAsync(coordination, first.RequestId, tag)).GetProperty("slotId").GetString();
        await using var other = new TandemApp(Fixture.Database, App.Clock);
        var token = coordination.DefaultRequestHeaders.Authorization;
        var attempts = requests.Select(async (id, i) =>
        {
            using var client = (i % 2 == 0 ? App : other).CreateApiClient();
            client.DefaultRequestHeaders.Authorization = token;
            return (await client.PostAsJsonAsync($"/api/v1/requests/{id}/appointments", new { slotId }, Ct)).StatusCode;
        });
        var statuses = await Task.WhenAll(attempts);
        Assert.Equal(1, statuses.Count(s => s == HttpStatusCode.Created));
        Assert.Equal(19, statuses.Count(s => s == HttpStatusCode.Conflict));
        coordination.Dispose();
    }

    private static IEnumerable<JsonElement> OfPair(JsonElement slots, string tag) =>
        slots.EnumerateArray().Where(s => s.GetProperty("practitioners").EnumerateArray().All(p => p.GetProperty("name").GetString()!.EndsWith(tag, StringComparison.Ordinal)));

    [Fact]
    public async Task Reschedule_ByThePerson_MovesInOneStep_FreesTheOldTime_TooLateIs409()
    {
        var tag = await PairAsync();
        var (request, coordination) = await AcceptedRequestAsync();
        using var person = await App.BeneficiaryClientAsync(request.AccessCode);
        var slots = OfPair(await person.GetFromJsonAsync<JsonElement>($"/api/v1/requests/{request.RequestId}/slots", Ct), tag).ToList();
        var first = await (await person.PostAsJsonAsync($"/api/v1/requests/{request.RequestId}/appointments", new { slotId = slots[0].GetProperty("slotId").GetString() }, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        var firstId = first.GetProperty("appointmentId").GetGuid();

        // Without "replacing", nothing more is offered; with it, the old time is offered again among the others.
        Assert.Equal(HttpStatusCode.Conflict, (await person.GetAsync($"/api/v1/requests/{request.RequestId}/slots", Ct)).StatusCode);
        var moving = OfPair(await person.GetFromJsonAsync<JsonElement>($"/api/v1/requests/{request.RequestId}/slots?replacing={firstId}", Ct), tag).ToList();
        Assert.Contains(moving, s => s.GetProperty("slotId").GetString() == slots[0].GetProperty("slotId").GetString());
        var target = moving.First(s => s.GetProperty("start").GetDateTimeOffset() >= first.GetProperty("end").GetDateTimeOffset().AddDays(2));

        var moved = await person.PostAsJsonAsync($"/api/v1/appointments/{firstId}/reschedule", new { slotId = target.GetProperty("slotId").GetString() }, Ct);
        Assert.Equal(HttpStatusCode.Created, moved.StatusCode);
        var movedId = (await moved.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("appointmentId").GetGuid();
        var me = await person.GetFromJsonAsync<JsonElement>("/api/v1/beneficiary/me", Ct);
        var active = me.GetProperty("appointments").EnumerateArray().Where(a => !a.GetProperty("cancelled").GetBoolean()).ToList();
        Assert.Equal(movedId, Assert.Single(active).GetProperty("appointmentId").GetGuid());

        // The old time is free again for someone else.
        var (other, _) = await AcceptedRequestAsync(coordination);
        Assert.Contains(OfPair(await coordination.GetFromJsonAsync<JsonElement>($"/api/v1/requests/{other.RequestId}/slots", Ct), tag),
            s => s.GetProperty("slotId").GetString() == slots[0].GetProperty("slotId").GetString());

        // The old one cannot be moved again; within the notice the person cannot move it, the coordination can.
        Assert.Equal(HttpStatusCode.Conflict, (await person.PostAsJsonAsync($"/api/v1/appointments/{firstId}/reschedule", new { slotId = slots[1].GetProperty("slotId").GetString() }, Ct)).StatusCode);
        App.Clock.Reset(Instant.FromDateTimeOffset(target.GetProperty("start").GetDateTimeOffset()) - Duration.FromHours(2));
        using var personLater = await App.BeneficiaryClientAsync(request.AccessCode);
        var late = OfPair(await personLater.GetFromJsonAsync<JsonElement>($"/api/v1/requests/{request.RequestId}/slots?replacing={movedId}", Ct), tag).First();
        Assert.Equal(HttpStatusCode.Conflict, (await personLater.PostAsJsonAsync($"/api/v1/appointments/{movedId}/reschedule", new { slotId = late.GetProperty("slotId").GetString() }, Ct)).StatusCode);
        using var coordinationLater = await App.ApiClientAsAsync(await App.CreateStaffAsync(Roles.Coordinator));
        Assert.Equal(HttpStatusCode.Created, (await coordinationLater.PostAsJsonAsync($"/api/v1/appointments/{movedId}/reschedule", new { slotId = late.GetProperty("slotId").GetString() }, Ct)).StatusCode);
        coordination.Dispose();
    }

    [Fact]
    public async Task Reschedule_ToASlotTakenMeanwhile_Is409_AndTheOldAppointmentStands()
    {
        var tag = await PairAsync();
        var (request, coordination) = await AcceptedRequestAsync();
        var (rival, _) = await AcceptedRequestAsync(coordination);
        var slots = OfPair(await coordination.GetFromJsonAsync<JsonElement>($"/api/v1/requests/{request.RequestId}/slots", Ct), tag).ToList();
        var mine = await (await coordination.PostAsJsonAsync($"/api/v1/requests/{request.RequestId}/appointments", new { slotId = slots[0].GetProperty("slotId").GetString() }, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        var mineId = mine.GetProperty("appointmentId").GetGuid();
        var target = OfPair(await coordination.GetFromJsonAsync<JsonElement>($"/api/v1/requests/{request.RequestId}/slots?replacing={mineId}", Ct), tag)
            .First(s => s.GetProperty("start").GetDateTimeOffset() >= mine.GetProperty("end").GetDateTimeOffset().AddDays(1));
        Assert.Equal(HttpStatusCode.Created, (await coordination.PostAsJsonAsync($"/api/v1/requests/{rival.RequestId}/appointments", new { slotId = target.GetProperty("slotId").GetString() }, Ct)).StatusCode);

        Assert.Equal(HttpStatusCode.Conflict, (await coordination.PostAsJsonAsync($"/api/v1/appointments/{mineId}/reschedule", new { slotId = target.GetProperty("slotId").GetString() }, Ct)).StatusCode);
        var view = await coordination.GetFromJsonAsync<JsonElement>($"/api/v1/coordination/agenda?date={mine.GetProperty("start").GetDateTimeOffset().ToOffset(TimeSpan.FromHours(1)).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)}", Ct);
        var still = view.GetProperty("appointments").EnumerateArray().Single(a => a.GetProperty("appointmentId").GetGuid() == mineId);
        Assert.False(still.GetProperty("cancelled").GetBoolean());

        // Someone else's appointment does not exist for a person.
        var stranger = await App.CreateRequestAsync();
        using var other = await App.BeneficiaryClientAsync(stranger.AccessCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostAsJsonAsync($"/api/v1/appointments/{mineId}/reschedule", new { slotId = "x" }, Ct)).StatusCode);
        coordination.Dispose();
    }

    [Fact]
    public async Task CollectiveRequest_BooksOneInterviewForItsParticipants_ThePairSeesHowMany()
    {
        var (tag, psychologist, _) = await App.PairWithStaffAsync();
        var request = await App.CreateRequestAsync(new { themes = new[] { "conflict" }, collective = true, participants = 4, modality = "video" });
        using var coordination = await App.ApiClientAsAsync(await App.CreateStaffAsync(Roles.Coordinator));
        (await coordination.PostAsJsonAsync($"/api/v1/requests/{request.RequestId}/triage", new { outcome = "accepted" }, Ct)).EnsureSuccessStatusCode();
        using var person = await App.BeneficiaryClientAsync(request.AccessCode);
        var slots = OfPair(await person.GetFromJsonAsync<JsonElement>($"/api/v1/requests/{request.RequestId}/slots", Ct), tag).ToList();
        var booked = await person.PostAsJsonAsync($"/api/v1/requests/{request.RequestId}/appointments", new { slotId = slots[0].GetProperty("slotId").GetString() }, Ct);
        Assert.Equal(HttpStatusCode.Created, booked.StatusCode);
        Assert.Equal(4, (await booked.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("participants").GetInt32());

        // One interview for the group: a second booking for the same request is refused.
        Assert.Equal(HttpStatusCode.Conflict, (await person.PostAsJsonAsync($"/api/v1/requests/{request.RequestId}/appointments", new { slotId = slots[^1].GetProperty("slotId").GetString() }, Ct)).StatusCode);
        using var pair = await App.ApiClientAsAsync(psychologist);
        var agenda = await pair.GetFromJsonAsync<JsonElement>("/api/v1/practitioners/me/appointments", Ct);
        Assert.Equal(4, Assert.Single(agenda.EnumerateArray()).GetProperty("participants").GetInt32());

        // The group's space says how many it booked for.
        var me = await person.GetFromJsonAsync<JsonElement>("/api/v1/beneficiary/me", Ct);
        Assert.Equal(4, Assert.Single(me.GetProperty("appointments").EnumerateArray()).GetProperty("participants").GetInt32());
    }

    [Fact]
    public async Task Book_WithBadInput_OrSomeoneElsesRequest_IsRefusedCleanly()
    {
        var (request, coordination) = await AcceptedRequestAsync();
        Assert.Equal(HttpStatusCode.BadRequest, (await coordination.PostAsJsonAsync($"/api/v1/requests/{request.RequestId}/appointments", new { }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await coordination.PostAsJsonAsync($"/api/v1/requests/{request.RequestId}/appointments", new { slotId = "nonsense" }, Ct)).StatusCode);

        var stranger = await App.CreateRequestAsync();
        using var other = await App.BeneficiaryClientAsync(stranger.AccessCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostAsJsonAsync($"/api/v1/requests/{request.RequestId}/appointments", new { slotId = "x" }, Ct)).StatusCode);
        coordination.Dispose();
    }
}

public sealed class BookingApiTestsOnSqlite(SqliteFixture fixture) : BookingApiTests(fixture), IClassFixture<SqliteFixture>;

public sealed class BookingApiTestsOnPostgres(PostgresFixture fixture) : BookingApiTests(fixture), IClassFixture<PostgresFixture>;

/// <summary>
/// PostgreSQL's own guarantee, beneath the code: an overlapping row written past the booking
/// handler is refused by the exclusion constraint. (SQLite has none; there the write transaction
/// of the booking is the guarantee, proven by the concurrent tests above.)
/// </summary>
public sealed class BookingConstraintTestsOnPostgres(PostgresFixture fixture) : AppTests(fixture), IClassFixture<PostgresFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Overlap_WrittenPastTheCode_IsRefusedByPostgreSql()
    {
        var tag = await App.PairAsync();
        var (first, coordination) = await App.AcceptedRequestAsync();
        var (second, _) = await App.AcceptedRequestAsync(coordination);
        var slots = (await coordination.GetFromJsonAsync<JsonElement>($"/api/v1/requests/{first.RequestId}/slots", Ct)).EnumerateArray()
            .Where(s => s.GetProperty("practitioners").EnumerateArray().All(p => p.GetProperty("name").GetString()!.EndsWith(tag, StringComparison.Ordinal)))
            .ToList();
        var a = await (await coordination.PostAsJsonAsync($"/api/v1/requests/{first.RequestId}/appointments", new { slotId = slots[0].GetProperty("slotId").GetString() }, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        var later = slots.First(s => s.GetProperty("start").GetDateTimeOffset() >= a.GetProperty("end").GetDateTimeOffset());
        var b = await (await coordination.PostAsJsonAsync($"/api/v1/requests/{second.RequestId}/appointments", new { slotId = later.GetProperty("slotId").GetString() }, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);

        await using var scope = App.Scope();
        var db = scope.ServiceProvider.GetRequiredService<Core.Data.TandemDbContext>();
        var aId = a.GetProperty("appointmentId").GetGuid();
        var bId = b.GetProperty("appointmentId").GetGuid();
        var aStart = await db.PractitionerBookings.Where(x => x.AppointmentId == aId).Select(x => x.Start).FirstAsync(Ct);
        var error = await Assert.ThrowsAsync<Npgsql.PostgresException>(() => db.PractitionerBookings.Where(x => x.AppointmentId == bId)
            .ExecuteUpdateAsync(u => u.SetProperty(x => x.Start, aStart), Ct));
        Assert.Equal("23P01", error.SqlState);
        coordination.Dispose();
    }

    /// <summary>
    /// Every booking checks its slot against the pair's schedules. Read with a list of practitioners
    /// ("= ANY"), that statement was planned again on each call, which cost PostgreSQL more than running
    /// it; with the pair's two ids as parameters, a prepared statement settles on one generic plan.
    /// </summary>
    [Fact]
    public async Task CheckingSlots_AgainAndAgain_ThePairsSchedulesArePlannedOnce()
    {
        var tag = await App.PairAsync();
        var (request, coordination) = await App.AcceptedRequestAsync();
        var slot = await SchedulingHelpers.FirstSlotOfAsync(coordination, request.RequestId, tag);
        coordination.Dispose();

        await using var scope = App.Scope();
        var db = scope.ServiceProvider.GetRequiredService<Core.Data.TandemDbContext>();
        var slots = scope.ServiceProvider.GetRequiredService<Core.Scheduling.RequestSlots>();
        await db.Database.OpenConnectionAsync(Ct);
        try
        {
            // Npgsql prepares a statement after its fifth run; PostgreSQL tries five custom plans before a generic one.
            for (var i = 0; i < 15; i++)
            {
                Assert.True((await slots.CheckAsync(request.RequestId, null, null, slot.GetProperty("slotId").GetString(), Ct)).Succeeded);
            }

            // Scalar rows: a record type would add an ad-hoc entity type to the model every test shares.
            var plans = (await db.Database.SqlQueryRaw<string>(
                "SELECT generic_plans || ' ' || custom_plans || ' ' || statement AS \"Value\" FROM pg_prepared_statements WHERE statement LIKE '%FROM practitioner_profiles%'")
                .ToListAsync(Ct))
                .Select(row => row.Split(' ', 3))
                .Select(parts => new PreparedPlans(parts[2], long.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture), long.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture)))
                .ToList();

            // The pooled connection may keep statements of earlier calls; the loop's own ran at least ten times.
            var schedules = Assert.Single(plans, p => p.Generic + p.Custom >= 10);
            Assert.DoesNotContain("ANY", schedules.Statement, StringComparison.Ordinal);
            Assert.True(schedules.Generic > 0, $"planned {schedules.Custom} times for its parameters, never once for all");
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private sealed record PreparedPlans(string Statement, long Generic, long Custom);
}
