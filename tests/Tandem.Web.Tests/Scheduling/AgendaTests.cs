using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using NodaTime;
using NodaTime.Text;
using Tandem.Core.Security;
using Tandem.Web.Tests.Support;

namespace Tandem.Web.Tests.Scheduling;

public abstract class AgendaTests(AppFixture fixture) : AppTests(fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly DateTimeZone Paris = DateTimeZoneProviders.Tzdb["Europe/Paris"];

    private sealed record Booked(string Tag, TestStaff Psychologist, TestStaff Coach, Guid AppointmentId, Instant Start, HttpClient Coordination);

    private async Task<Booked> BookAsync()
    {
        var (tag, psychologist, coach) = await App.PairWithStaffAsync();
        var request = await App.CreateRequestAsync(new { pseudonym = "Hirondelle", themes = new[] { "stress" }, modality = "video", message = "Rien à voir ici." });
        var coordination = await App.ApiClientAsAsync(await App.CreateStaffAsync(Roles.Coordinator));
        (await coordination.PostAsJsonAsync($"/api/v1/requests/{request.RequestId}/triage", new { outcome = "accepted" }, Ct)).EnsureSuccessStatusCode();
        var slot = await SchedulingHelpers.FirstSlotOfAsync(coordination, request.RequestId, tag);
        var booked = await (await coordination.PostAsJsonAsync($"/api/v1/requests/{request.RequestId}/appointments", new { slotId = slot.GetProperty("slotId").GetString() }, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        return new Booked(tag, psychologist, coach, booked.GetProperty("appointmentId").GetGuid(),
            InstantPattern.ExtendedIso.Parse(booked.GetProperty("start").GetString()!).Value, coordination);
    }

    private static string Day(Instant instant) => LocalDatePattern.Iso.Format(instant.InZone(Paris).Date);

    private static IEnumerable<Guid> Ids(JsonElement agenda) =>
        agenda.GetProperty("appointments").EnumerateArray().Select(a => a.GetProperty("appointmentId").GetGuid());

    [Fact]
    public async Task PractitionerAgenda_ByWeekAndDay_ShowsTheirInterviews_BadInputIs400()
    {
        var booked = await BookAsync();
        using var practitioner = await App.ApiClientAsAsync(booked.Psychologist);
        var week = await practitioner.GetFromJsonAsync<JsonElement>($"/api/v1/practitioners/me/agenda?view=week&date={Day(booked.Start)}", Ct);
        Assert.Contains(booked.AppointmentId, Ids(week));
        Assert.Equal(IsoDayOfWeek.Monday, LocalDatePattern.Iso.Parse(week.GetProperty("first").GetString()!).Value.DayOfWeek);
        var day = await practitioner.GetFromJsonAsync<JsonElement>($"/api/v1/practitioners/me/agenda?view=day&date={Day(booked.Start)}", Ct);
        Assert.Contains(booked.AppointmentId, Ids(day));
        var dayAfter = await practitioner.GetFromJsonAsync<JsonElement>($"/api/v1/practitioners/me/agenda?view=day&date={Day(booked.Start + Duration.FromDays(1))}", Ct);
        Assert.DoesNotContain(booked.AppointmentId, Ids(dayAfter));

        var badView = await practitioner.GetAsync("/api/v1/practitioners/me/agenda?view=month", Ct);
        Assert.Equal(HttpStatusCode.BadRequest, badView.StatusCode);
        Assert.True((await badView.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").TryGetProperty("view", out _));
        var badDate = await practitioner.GetAsync("/api/v1/practitioners/me/agenda?date=2026-13-45", Ct);
        Assert.Equal(HttpStatusCode.BadRequest, badDate.StatusCode);
        Assert.True((await badDate.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").TryGetProperty("date", out _));

        // Someone else's agenda holds nothing of theirs.
        using var other = await App.ApiClientAsAsync(await App.CreatePractitionerAsync("Autre " + booked.Tag, "coach", Core.Requests.Modality.Video));
        Assert.DoesNotContain(booked.AppointmentId, Ids(await other.GetFromJsonAsync<JsonElement>($"/api/v1/practitioners/me/agenda?date={Day(booked.Start)}", Ct)));
        booked.Coordination.Dispose();
    }

    [Fact]
    public async Task CoordinationAgenda_ShowsEveryone_FiltersByPractitioner_AndIsNotForPractitioners()
    {
        var booked = await BookAsync();
        var week = await booked.Coordination.GetFromJsonAsync<JsonElement>($"/api/v1/coordination/agenda?date={Day(booked.Start)}", Ct);
        var appointment = week.GetProperty("appointments").EnumerateArray().Single(a => a.GetProperty("appointmentId").GetGuid() == booked.AppointmentId);
        Assert.Equal(JsonValueKind.Null, appointment.GetProperty("callbackNumber").ValueKind);
        var psychologistProfile = appointment.GetProperty("practitioners")[0].GetProperty("practitionerId").GetGuid();
        Assert.Contains(booked.AppointmentId, Ids(await booked.Coordination.GetFromJsonAsync<JsonElement>($"/api/v1/coordination/agenda?date={Day(booked.Start)}&practitionerId={psychologistProfile}", Ct)));
        Assert.DoesNotContain(booked.AppointmentId, Ids(await booked.Coordination.GetFromJsonAsync<JsonElement>($"/api/v1/coordination/agenda?date={Day(booked.Start)}&practitionerId={Guid.NewGuid()}", Ct)));

        using var practitioner = await App.ApiClientAsAsync(booked.Psychologist);
        Assert.Equal(HttpStatusCode.NotFound, (await practitioner.GetAsync("/api/v1/coordination/agenda", Ct)).StatusCode);
        booked.Coordination.Dispose();
    }

    [Fact]
    public async Task AgendaPages_ShowTheInterview_AndABadDateInFrench()
    {
        var booked = await BookAsync();
        using var pages = await App.PagesAsAsync(booked.Coach);
        var page = await pages.GetAsync($"/espace/entretiens?vue=jour&date={Day(booked.Start)}");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Psy " + booked.Tag, pages.LastHtml, StringComparison.Ordinal);
        Assert.Contains("premier entretien", pages.LastHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("Hirondelle", pages.LastHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await pages.GetAsync("/espace/entretiens?date=pas-une-date")).StatusCode);
        Assert.Contains("Date invalide", pages.LastHtml, StringComparison.Ordinal);

        using var coordination = await App.PagesAsAsync(await App.CreateStaffAsync(Roles.Coordinator));
        Assert.Equal(HttpStatusCode.OK, (await coordination.GetAsync($"/coordination/agenda?vue=semaine&date={Day(booked.Start)}")).StatusCode);
        Assert.Contains("Coach " + booked.Tag, coordination.LastHtml, StringComparison.Ordinal);
        Assert.Contains($"/coordination/demandes/", coordination.LastHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await pages.GetAsync("/coordination/agenda")).StatusCode);
        booked.Coordination.Dispose();
    }

    [Fact]
    public async Task CalendarFeed_IsPrivate_Neutral_AndRevocable()
    {
        var booked = await BookAsync();
        using var practitioner = await App.ApiClientAsAsync(booked.Psychologist);
        var created = await practitioner.PostAsync("/api/v1/practitioners/me/calendar-feed", null, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var url = new Uri((await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("url").GetString()!);

        using var calendarApp = App.CreateApiClient();
        var feed = await calendarApp.GetAsync(url.PathAndQuery, Ct);
        Assert.Equal(HttpStatusCode.OK, feed.StatusCode);
        Assert.Equal("text/calendar", feed.Content.Headers.ContentType?.MediaType);
        var ics = await feed.Content.ReadAsStringAsync(Ct);
        Assert.Contains("SUMMARY:Entretien", ics, StringComparison.Ordinal);
        Assert.Contains("DTSTART:" + booked.Start.ToDateTimeUtc().ToString("yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture), ics, StringComparison.Ordinal);
        Assert.Contains("https://visio.tandem.test/", ics, StringComparison.Ordinal);
        Assert.DoesNotContain("Hirondelle", ics, StringComparison.Ordinal);
        Assert.DoesNotContain("stress", ics, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("ATTENDEE", ics, StringComparison.Ordinal);

        // A new address stops the old one; deleting stops the new one; a made-up one finds nothing.
        var renewed = new Uri((await (await practitioner.PostAsync("/api/v1/practitioners/me/calendar-feed", null, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("url").GetString()!);
        Assert.Equal(HttpStatusCode.NotFound, (await calendarApp.GetAsync(url.PathAndQuery, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await calendarApp.GetAsync(renewed.PathAndQuery, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await practitioner.DeleteAsync("/api/v1/practitioners/me/calendar-feed", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await calendarApp.GetAsync(renewed.PathAndQuery, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await calendarApp.GetAsync("/calendrier/inventé.ics", Ct)).StatusCode);

        // The cancelled interview stays in the feed as cancelled, so calendars remove it.
        var again = new Uri((await (await practitioner.PostAsync("/api/v1/practitioners/me/calendar-feed", null, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("url").GetString()!);
        (await booked.Coordination.PostAsync($"/api/v1/appointments/{booked.AppointmentId}/cancel", null, Ct)).EnsureSuccessStatusCode();
        Assert.Contains("STATUS:CANCELLED", await calendarApp.GetStringAsync(again.PathAndQuery, Ct), StringComparison.Ordinal);
        booked.Coordination.Dispose();
    }
}

public sealed class AgendaTestsOnSqlite(SqliteFixture fixture) : AgendaTests(fixture), IClassFixture<SqliteFixture>;

public sealed class AgendaTestsOnPostgres(PostgresFixture fixture) : AgendaTests(fixture), IClassFixture<PostgresFixture>;
