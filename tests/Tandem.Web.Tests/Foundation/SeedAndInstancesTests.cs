using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tandem.Core.Data;
using Tandem.Core.Security;
using Tandem.Core.Staff;
using Tandem.Web.Tests.Support;

namespace Tandem.Web.Tests.Foundation;

public abstract class SeedAndInstancesTests(DatabaseProvider provider)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<TestDatabase> DatabaseAsync()
    {
        return await TestDatabase.CreateOrSkipAsync(provider);
    }

    private static readonly Dictionary<string, string?> SeedDemo = new() { ["Tandem:SeedDemo"] = "true" };

    [Fact]
    public async Task SeedDemo_OnAnEmptyDatabase_WritesAccountsThatCanSignIn()
    {
        await using var db = await DatabaseAsync();
        await using var app = new TandemApp(db, settings: SeedDemo);
        _ = app.Server;

        var file = Path.Combine(app.DataDirectory, "demo-accounts.json");
        Assert.True(File.Exists(file));
        var accounts = JsonSerializer.Deserialize<JsonElement>(await File.ReadAllTextAsync(file, Ct)).EnumerateArray().ToList();
        var roles = accounts.Select(a => a.GetProperty("role").GetString()).ToHashSet();
        Assert.Superset(new HashSet<string?>(Roles.All), roles);
        foreach (var account in accounts)
        {
            foreach (var field in new[] { "role", "name", "email", "password", "totpSecret", "organisationId", "practitionerId" })
            {
                Assert.True(account.TryGetProperty(field, out _), $"demo account misses {field}");
            }
        }

        var practitioners = accounts.Where(a => a.GetProperty("role").GetString() == "practitioner").ToList();
        Assert.All(practitioners, p => Assert.Equal(JsonValueKind.String, p.GetProperty("practitionerId").ValueKind));
        Assert.Equal(JsonValueKind.String, accounts.Single(a => a.GetProperty("role").GetString() == "organisation_contact").GetProperty("organisationId").ValueKind);
        using (var anonymous = app.CreateApiClient())
        {
            var disciplines = (await anonymous.GetFromJsonAsync<JsonElement>("/api/v1/practitioners", Ct)).EnumerateArray()
                .SelectMany(p => p.GetProperty("disciplines").EnumerateArray().Select(d => d.GetString())).ToHashSet();
            Assert.Superset(new HashSet<string?>(Tandem.Core.Practitioners.Disciplines.All), disciplines);
        }

        var coordinator = accounts.First(a => a.GetProperty("role").GetString() == "coordinator");
        using var client = app.CreateApiClient();
        var login = await client.PostAsJsonAsync("/api/v1/staff/login", new
        {
            email = coordinator.GetProperty("email").GetString(),
            password = coordinator.GetProperty("password").GetString(),
            totp = TotpCodes.Compute(coordinator.GetProperty("totpSecret").GetString()!, app.Clock.GetCurrentInstant()),
        }, Ct);
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);

        // Practitioners have availability: an accepted request is offered slots in person, at a named place.
        client.DefaultRequestHeaders.Authorization = new("Bearer", (await login.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("token").GetString());
        var request = await app.CreateRequestAsync(new { themes = new[] { "burnout" }, modality = "in_person" });
        (await client.PostAsJsonAsync($"/api/v1/requests/{request.RequestId}/triage", new { outcome = "accepted" }, Ct)).EnsureSuccessStatusCode();
        var slots = await client.GetFromJsonAsync<JsonElement>($"/api/v1/requests/{request.RequestId}/slots", Ct);
        Assert.True(slots.GetArrayLength() > 0);
        var booked = await (await client.PostAsJsonAsync($"/api/v1/requests/{request.RequestId}/appointments", new { slotId = slots[0].GetProperty("slotId").GetString() }, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.False(string.IsNullOrEmpty(booked.GetProperty("place").GetString()));
        Assert.False(string.IsNullOrEmpty(booked.GetProperty("access").GetString()));

        // A support group and workshops with coming sessions, and a supervision at the institution.
        var groups = await client.GetFromJsonAsync<JsonElement>("/api/v1/groups", Ct);
        Assert.Equal(["support_group", "workshop", "workshop"], groups.EnumerateArray().Select(g => g.GetProperty("kind").GetString()).Order().ToArray());
        Assert.All(groups.EnumerateArray(), g => Assert.True(g.GetProperty("sessions").GetArrayLength() > 0));

        // The demo contact reads their organisation, whose indicators are open.
        var contact = accounts.Single(a => a.GetProperty("role").GetString() == "organisation_contact");
        using var contactClient = app.CreateApiClient();
        var contactLogin = await contactClient.PostAsJsonAsync("/api/v1/staff/login", new
        {
            email = contact.GetProperty("email").GetString(),
            password = contact.GetProperty("password").GetString(),
            totp = TotpCodes.Compute(contact.GetProperty("totpSecret").GetString()!, app.Clock.GetCurrentInstant()),
        }, Ct);
        contactClient.DefaultRequestHeaders.Authorization = new("Bearer", (await contactLogin.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("token").GetString());
        var organisation = await contactClient.GetFromJsonAsync<JsonElement>($"/api/v1/organisations/{contact.GetProperty("organisationId").GetString()}", Ct);
        Assert.Equal(5, organisation.GetProperty("indicators").GetProperty("minimumCell").GetInt32());
    }

    [Fact]
    public async Task SeedDemo_OnADatabaseWithAccounts_RefusesToStart()
    {
        await using var db = await DatabaseAsync();
        await using (var first = new TandemApp(db))
        {
            await first.CreateStaffAsync(Roles.Administrator);
        }

        await using var second = new TandemApp(db, settings: SeedDemo);
        Assert.ThrowsAny<Exception>(() => second.Server);
        Assert.Contains("--seed-demo refuses to run", second.Logs.All, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(second.DataDirectory, "demo-accounts.json")));
    }

    [Fact]
    public async Task TwoInstances_OnOneDatabase_ShareKeysSoATokenAndASessionWorkOnBoth()
    {
        await using var db = await DatabaseAsync();
        await using var a = new TandemApp(db);
        var staff = await a.CreateStaffAsync(Roles.Coordinator);
        using var tokenClient = await a.ApiClientAsAsync(staff);
        using var pagesOnA = await a.PagesAsAsync(staff);

        await using var b = new TandemApp(db, a.Clock);
        using var onB = b.CreateApiClient();
        onB.DefaultRequestHeaders.Authorization = tokenClient.DefaultRequestHeaders.Authorization;
        Assert.Equal(HttpStatusCode.OK, (await onB.GetAsync(new Uri("/api/v1/staff/me", UriKind.Relative), Ct)).StatusCode);

        // The session cookie issued by A opens the staff space on B.
        using var pagesOnB = b.CreatePageClient();
        foreach (System.Net.Cookie cookie in pagesOnA.Cookies.GetAllCookies())
        {
            pagesOnB.Cookies.Add(cookie);
        }

        Assert.Equal(HttpStatusCode.OK, (await pagesOnB.GetAsync("/espace")).StatusCode);
    }
}

public sealed class SeedAndInstancesTestsOnSqlite() : SeedAndInstancesTests(DatabaseProvider.Sqlite);

public sealed class SeedAndInstancesTestsOnPostgres() : SeedAndInstancesTests(DatabaseProvider.Postgres);
