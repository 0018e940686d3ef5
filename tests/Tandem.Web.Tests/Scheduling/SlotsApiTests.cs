using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Tandem.Core.Data;
using Tandem.Core.Organisations;
using Tandem.Core.Security;
using Tandem.Web.Tests.Support;

namespace Tandem.Web.Tests.Scheduling;

public abstract class SlotsApiTests(AppFixture fixture) : AppTests(fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<(TestStaff Staff, HttpClient Client)> PractitionerAsync(string name, string discipline, string modality = "phone")
    {
        var staff = await App.CreateStaffAsync(Roles.Practitioner);
        var client = await App.ApiClientAsAsync(staff);
        var profile = await client.PutAsJsonAsync($"/api/v1/practitioners/{staff.Id}/profile",
            new { publicName = name, disciplines = new[] { discipline }, modalities = new[] { modality } }, Ct);
        Assert.Equal(HttpStatusCode.OK, profile.StatusCode);
        foreach (var day in new[] { "monday", "tuesday", "wednesday", "thursday", "friday" })
        {
            var window = await client.PostAsJsonAsync($"/api/v1/practitioners/{staff.Id}/availability/windows",
                new { day, start = "09:00:00", end = "12:00:00", modality }, Ct);
            Assert.Equal(HttpStatusCode.Created, window.StatusCode);
        }

        return (staff, client);
    }

    private async Task<Organisation> OrganisationAsync()
    {
        await using var scope = App.Scope();
        var db = scope.ServiceProvider.GetRequiredService<TandemDbContext>();
        var org = new Organisation { Id = Guid.NewGuid(), Name = "Org " + Guid.NewGuid().ToString("N")[..6], Code = "C" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant() };
        db.Organisations.Add(org);
        await db.SaveChangesAsync(Ct);
        return org;
    }

    [Fact]
    public async Task Slots_OfAnAcceptedRequest_PairTwoDisciplines_SkipPriorLinks_AndLastTheWholeInterview()
    {
        var org = await OrganisationAsync();
        var tag = Guid.NewGuid().ToString("N")[..6];
        var (psy, psyClient) = await PractitionerAsync("Psy " + tag, "clinical_psychologist");
        var (lawyer, _) = await PractitionerAsync("Juriste " + tag, "labour_lawyer");
        var (linked, linkedClient) = await PractitionerAsync("Lié " + tag, "social_worker");
        var link = await linkedClient.PostAsJsonAsync($"/api/v1/practitioners/{linked.Id}/availability/prior-links", new { organisationId = org.Id }, Ct);
        Assert.Equal(HttpStatusCode.Created, link.StatusCode);

        var request = await App.CreateRequestAsync(new { themes = new[] { "harassment" }, modality = "phone", organisationCode = org.Code });
        using var person = await App.BeneficiaryClientAsync(request.AccessCode);
        Assert.Equal(HttpStatusCode.Conflict, (await person.GetAsync(new Uri($"/api/v1/requests/{request.RequestId}/slots", UriKind.Relative), Ct)).StatusCode);

        var coordinator = await App.CreateStaffAsync(Roles.Coordinator);
        using var coordination = await App.ApiClientAsAsync(coordinator);
        await coordination.PostAsJsonAsync($"/api/v1/requests/{request.RequestId}/triage", new { outcome = "accepted" }, Ct);

        var slots = (await person.GetFromJsonAsync<JsonElement>($"/api/v1/requests/{request.RequestId}/slots", Ct)).EnumerateArray().ToList();
        var mine = slots.Where(s => s.GetProperty("practitioners").EnumerateArray().All(p => p.GetProperty("name").GetString()!.EndsWith(tag, StringComparison.Ordinal))).ToList();
        Assert.NotEmpty(mine);
        Assert.All(mine, s =>
        {
            var names = s.GetProperty("practitioners").EnumerateArray().Select(p => p.GetProperty("name").GetString()).ToHashSet();
            Assert.Equal(new HashSet<string?> { "Psy " + tag, "Juriste " + tag }, names);
            Assert.Equal(Duration.FromMinutes(90), Instant.FromDateTimeOffset(s.GetProperty("end").GetDateTimeOffset()) - Instant.FromDateTimeOffset(s.GetProperty("start").GetDateTimeOffset()));
            Assert.Equal("phone", s.GetProperty("modality").GetString());
            Assert.True(s.GetProperty("suited").GetBoolean());
            Assert.EndsWith("Z", s.GetProperty("start").GetString(), StringComparison.Ordinal);
        });
        Assert.DoesNotContain(slots, s => s.GetProperty("practitioners").EnumerateArray().Any(p => p.GetProperty("name").GetString() == "Lié " + tag));

        // Later slots: from a day on, still within the eight weeks; a day that is not one is a 400.
        var paris = DateTimeZoneProviders.Tzdb["Europe/Paris"];
        var later = App.Clock.GetCurrentInstant().InZone(paris).Date.PlusWeeks(3);
        var fromLater = (await person.GetFromJsonAsync<JsonElement>($"/api/v1/requests/{request.RequestId}/slots?from={later:yyyy-MM-dd}", Ct)).EnumerateArray().ToList();
        Assert.Contains(fromLater, s => s.GetProperty("practitioners").EnumerateArray().Any(p => p.GetProperty("name").GetString() == "Psy " + tag));
        Assert.All(fromLater, s => Assert.True(Instant.FromDateTimeOffset(s.GetProperty("start").GetDateTimeOffset()).InZone(paris).Date >= later));
        Assert.Equal(HttpStatusCode.BadRequest, (await person.GetAsync(new Uri($"/api/v1/requests/{request.RequestId}/slots?from=demain", UriKind.Relative), Ct)).StatusCode);

        var seenByCoordination = await coordination.GetAsync(new Uri($"/api/v1/requests/{request.RequestId}/slots", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.OK, seenByCoordination.StatusCode);
        psyClient.Dispose();
    }

    [Fact]
    public async Task Slots_OfSomeoneElsesRequest_OrAsOtherStaff_Return404()
    {
        var request = await App.CreateRequestAsync();
        var other = await App.CreateRequestAsync();
        using var person = await App.BeneficiaryClientAsync(other.AccessCode);
        Assert.Equal(HttpStatusCode.NotFound, (await person.GetAsync(new Uri($"/api/v1/requests/{request.RequestId}/slots", UriKind.Relative), Ct)).StatusCode);
        foreach (var role in new[] { Roles.Practitioner, Roles.OrganisationContact, Roles.Administrator })
        {
            var staff = await App.CreateStaffAsync(role);
            using var client = await App.ApiClientAsAsync(staff);
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(new Uri($"/api/v1/requests/{request.RequestId}/slots", UriKind.Relative), Ct)).StatusCode);
        }

        using var anonymous = App.CreateApiClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(new Uri($"/api/v1/requests/{request.RequestId}/slots", UriKind.Relative), Ct)).StatusCode);
    }

    [Fact]
    public async Task Availability_WithBadInput_Returns400_AndOthersCannotEditIt()
    {
        var (practitioner, client) = await PractitionerAsync("Quelqu'un", "coach", "video");
        var bad = await client.PostAsJsonAsync($"/api/v1/practitioners/{practitioner.Id}/availability/windows", new { day = "monday", start = "12:00:00", end = "09:00:00" }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await bad.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("end", out _));
        Assert.True(errors.TryGetProperty("modality", out _));

        var leave = await client.PostAsJsonAsync($"/api/v1/practitioners/{practitioner.Id}/availability/leaves", new { start = "2026-12-24T00:00:00Z", end = "2026-12-23T00:00:00Z" }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, leave.StatusCode);
        var link = await client.PostAsJsonAsync($"/api/v1/practitioners/{practitioner.Id}/availability/prior-links", new { organisationId = Guid.NewGuid() }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, link.StatusCode);

        var view = await client.GetFromJsonAsync<JsonElement>($"/api/v1/practitioners/{practitioner.Id}/availability", Ct);
        var windowId = view.GetProperty("windows")[0].GetProperty("id").GetGuid();

        var someoneElse = await App.CreateStaffAsync(Roles.Practitioner);
        using var intruder = await App.ApiClientAsAsync(someoneElse);
        Assert.Equal(HttpStatusCode.NotFound, (await intruder.GetAsync(new Uri($"/api/v1/practitioners/{practitioner.Id}/availability", UriKind.Relative), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await intruder.DeleteAsync(new Uri($"/api/v1/practitioners/{practitioner.Id}/availability/{windowId}", UriKind.Relative), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync(new Uri($"/api/v1/practitioners/{practitioner.Id}/availability/{windowId}", UriKind.Relative), Ct)).StatusCode);
        client.Dispose();
    }
}

public sealed class SlotsApiTestsOnSqlite(SqliteFixture fixture) : SlotsApiTests(fixture), IClassFixture<SqliteFixture>;

public sealed class SlotsApiTestsOnPostgres(PostgresFixture fixture) : SlotsApiTests(fixture), IClassFixture<PostgresFixture>;
