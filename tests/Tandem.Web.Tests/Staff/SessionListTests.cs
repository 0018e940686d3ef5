using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tandem.Core.Security;
using Tandem.Core.Security.Audit;
using Tandem.Core.Staff;
using Tandem.Web.Authorization;
using Tandem.Web.Tests.Support;

namespace Tandem.Web.Tests.Staff;

/// <summary>
/// A staff member sees every session of their account (each browser, each API token) and ends
/// any of them, or all the others, after typing their password again (ASVS 7.5.2).
/// </summary>
public abstract class SessionListTests(AppFixture fixture) : AppTests(fixture)
{
    private const string FirefoxOnLinux = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly Uri Me = new("/api/v1/staff/me", UriKind.Relative);

    private async Task<HttpClient> TokenFromAsync(TestStaff staff, string? userAgent)
    {
        var client = App.CreateApiClient();
        if (userAgent is not null)
        {
            client.DefaultRequestHeaders.UserAgent.ParseAdd(userAgent);
        }

        var response = await client.PostAsJsonAsync("/api/v1/staff/login", new { email = staff.Email, password = staff.Password, totp = App.CurrentCode(staff) }, Ct);
        response.EnsureSuccessStatusCode();
        App.Clock.AdvanceSeconds(30);
        client.DefaultRequestHeaders.Authorization = new("Bearer", (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("token").GetString());
        return client;
    }

    private static async Task<List<JsonElement>> SessionsAsync(HttpClient client)
    {
        var response = await client.GetAsync(new Uri("/api/v1/staff/me/sessions", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<List<JsonElement>>(Ct))!;
    }

    [Fact]
    public async Task Api_ListsEverySession_AndEndsOne_OrAllTheOthers_OnlyWithThePassword()
    {
        var staff = await App.CreateStaffAsync(Roles.Practitioner);
        using var first = await TokenFromAsync(staff, FirefoxOnLinux);
        using var second = await TokenFromAsync(staff, "curl/8.5.0");
        using var pages = await App.PagesAsAsync(staff);

        var listed = await SessionsAsync(first);
        Assert.Equal(3, listed.Count);
        Assert.Equal(["api", "api", "browser"], listed.Select(s => s.GetProperty("kind").GetString()).Order(StringComparer.Ordinal));
        var mine = Assert.Single(listed, s => s.GetProperty("current").GetBoolean());
        Assert.Equal("Firefox · Linux", mine.GetProperty("device").GetString());
        var other = Assert.Single(listed, s => s.GetProperty("device").GetString() == "curl");
        var otherId = other.GetProperty("id").GetGuid();

        // Without the password, or with a wrong one, nothing ends.
        var missing = await first.PostAsJsonAsync($"/api/v1/staff/me/sessions/{otherId}/end", new { }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        var wrong = await first.PostAsJsonAsync($"/api/v1/staff/me/sessions/{otherId}/end", new { password = "pas le bon mot de passe" }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Equal("Ce n'est pas votre mot de passe actuel.", (await wrong.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").GetProperty("password")[0].GetString());
        Assert.Equal(HttpStatusCode.OK, (await second.GetAsync(Me, Ct)).StatusCode);

        // With it, that token stops working at once, and only that one.
        Assert.Equal(HttpStatusCode.NoContent, (await first.PostAsJsonAsync($"/api/v1/staff/me/sessions/{otherId}/end", new { password = staff.Password }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await second.GetAsync(Me, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await first.GetAsync(Me, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await pages.GetAsync("/espace")).StatusCode);
        Assert.Equal(2, (await SessionsAsync(first)).Count);
        Assert.Equal(HttpStatusCode.NotFound, (await first.PostAsJsonAsync($"/api/v1/staff/me/sessions/{otherId}/end", new { password = staff.Password }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await first.PostAsJsonAsync($"/api/v1/staff/me/sessions/{Guid.NewGuid()}/end", new { password = staff.Password }, Ct)).StatusCode);

        // All the others: the browser is signed out, the caller stays.
        Assert.Equal(HttpStatusCode.NoContent, (await first.PostAsJsonAsync("/api/v1/staff/me/sessions/others/end", new { password = staff.Password }, Ct)).StatusCode);
        var page = await pages.GetAsync("/espace");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/connexion", page.Headers.Location!.AbsolutePath, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await first.GetAsync(Me, Ct)).StatusCode);
        var own = Assert.Single(await SessionsAsync(first));
        Assert.True(own.GetProperty("current").GetBoolean());

        // Ended sessions are kept until the retention job forgets them; the live one stays.
        Assert.Equal(3, await App.InDbAsync(db => db.StaffSessions.CountAsync(s => s.UserId == staff.Id, Ct)));
        await using (var scope = App.Scope())
        {
            Assert.True(await scope.ServiceProvider.GetRequiredService<StaffSessionRegistry>().PurgeAsync(Ct) >= 2);
        }

        Assert.Equal(1, await App.InDbAsync(db => db.StaffSessions.CountAsync(s => s.UserId == staff.Id, Ct)));
        Assert.Equal(HttpStatusCode.OK, (await first.GetAsync(Me, Ct)).StatusCode);

        // A program may end its own session: its token stops working there and then.
        Assert.Equal(HttpStatusCode.NoContent, (await first.PostAsJsonAsync($"/api/v1/staff/me/sessions/{own.GetProperty("id").GetGuid()}/end", new { password = staff.Password }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await first.GetAsync(Me, Ct)).StatusCode);

        var actions = await App.InDbAsync(db => db.AuditEntries.Where(e => e.Action == AuditActions.SessionEnded && e.Target == staff.Id.ToString()).CountAsync(Ct));
        Assert.Equal(3, actions);
    }

    [Fact]
    public async Task Api_ASessionOfSomeoneElse_CannotBeEnded_AndItsOwnerSeesNothingOfOthers()
    {
        var owner = await App.CreateStaffAsync(Roles.Coordinator);
        var intruder = await App.CreateStaffAsync(Roles.Coordinator);
        using var ownerApi = await TokenFromAsync(owner, null);
        using var intruderApi = await TokenFromAsync(intruder, null);
        var ownerSession = Assert.Single(await SessionsAsync(ownerApi)).GetProperty("id").GetGuid();

        Assert.Equal(HttpStatusCode.NotFound, (await intruderApi.PostAsJsonAsync($"/api/v1/staff/me/sessions/{ownerSession}/end", new { password = intruder.Password }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ownerApi.GetAsync(Me, Ct)).StatusCode);
        var intruderSessions = await SessionsAsync(intruderApi);
        Assert.DoesNotContain(intruderSessions, s => s.GetProperty("id").GetGuid() == ownerSession);
        Assert.Equal(string.Empty, Assert.Single(intruderSessions).GetProperty("device").GetString());
    }

    [Fact]
    public async Task WrongPasswords_ToEndASession_CountAsFailedSignIns()
    {
        var staff = await App.CreateStaffAsync(Roles.Administrator);
        using var client = await TokenFromAsync(staff, null);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i <= SignInThrottle.FreeFailures; i++)
        {
            statuses.Add((await client.PostAsJsonAsync("/api/v1/staff/me/sessions/others/end", new { password = "toujours pas " + i }, Ct)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.BadRequest, statuses[0]);
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
    }

    [Fact]
    public async Task LastSeen_MovesWithUse_ButIsWrittenOnlyEveryFewMinutes()
    {
        var staff = await App.CreateStaffAsync(Roles.Practitioner);
        using var client = await TokenFromAsync(staff, null);
        var opened = Assert.Single(await SessionsAsync(client));
        var started = opened.GetProperty("startedAt").GetString();
        Assert.Equal(started, opened.GetProperty("lastSeenAt").GetString());

        App.Clock.AdvanceSeconds(60);
        Assert.Equal(started, Assert.Single(await SessionsAsync(client)).GetProperty("lastSeenAt").GetString());
        App.Clock.AdvanceSeconds(5 * 60);
        var seen = NodaTime.Text.InstantPattern.ExtendedIso.Parse(Assert.Single(await SessionsAsync(client)).GetProperty("lastSeenAt").GetString()!).Value;
        Assert.InRange(App.Clock.GetCurrentInstant() - seen, NodaTime.Duration.Zero, NodaTime.Duration.FromMilliseconds(1));
    }

    [Fact]
    public async Task SecurityPage_ListsTheSessions_AndEndsOne_OrAllTheOthers()
    {
        var staff = await App.CreateStaffAsync(Roles.Coordinator);
        using var api = await TokenFromAsync(staff, "curl/8.5.0");
        using var otherBrowser = await App.PagesAsAsync(staff);
        using var pages = await App.PagesAsAsync(staff);
        await pages.GetAsync("/espace/securite");
        Assert.Contains("3 session(s) ouverte(s)", pages.LastHtml, StringComparison.Ordinal);
        Assert.Contains("API · curl", pages.LastHtml, StringComparison.Ordinal);
        Assert.Contains("cette session", pages.LastHtml, StringComparison.Ordinal);
        var sessions = await SessionsAsync(api);
        var tokenSession = Assert.Single(sessions, s => s.GetProperty("current").GetBoolean()).GetProperty("id").GetGuid();

        var refused = await pages.PostFormAsync("/espace/securite?handler=EndSession", new Dictionary<string, string?> { ["SessionPassword"] = "pas le bon", ["sessionId"] = tokenSession.ToString() });
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("Ce n&#x27;est pas votre mot de passe actuel.", await refused.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync(Me, Ct)).StatusCode);

        await pages.GetAsync("/espace/securite");
        var ended = await pages.PostFormAsync("/espace/securite?handler=EndSession", new Dictionary<string, string?> { ["SessionPassword"] = staff.Password, ["sessionId"] = tokenSession.ToString() });
        await pages.FollowAsync(ended);
        Assert.Contains("La session est fermée.", pages.LastHtml, StringComparison.Ordinal);
        Assert.Contains("2 session(s) ouverte(s)", pages.LastHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync(Me, Ct)).StatusCode);

        var others = await pages.PostFormAsync("/espace/securite?handler=EndSession", new Dictionary<string, string?> { ["SessionPassword"] = staff.Password });
        await pages.FollowAsync(others);
        Assert.Contains("Vos autres sessions sont fermées.", pages.LastHtml, StringComparison.Ordinal);
        Assert.Contains("1 session(s) ouverte(s)", pages.LastHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await otherBrowser.GetAsync("/espace")).StatusCode);


        // Alone, this session offers no button to end itself (signing out does that), and asks no password.
        Assert.DoesNotContain("name=\"sessionId\"", pages.LastHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("name=\"SessionPassword\"", pages.LastHtml, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(FirefoxOnLinux, "Firefox · Linux")]
    [InlineData("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36", "Chrome · Windows")]
    [InlineData("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0", "Edge · Windows")]
    [InlineData("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1", "Safari · iOS")]
    [InlineData("Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36", "Chrome · Android")]
    [InlineData("curl/8.5.0", "curl")]
    [InlineData("<script>alert(1)</script>", "?")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void DeviceName_IsTheBrowserAndTheSystem_AndNothingMore(string? userAgent, string expected) =>
        Assert.Equal(expected, DeviceName.Of(userAgent));
}

public sealed class SessionListTestsOnSqlite(SqliteFixture fixture) : SessionListTests(fixture), IClassFixture<SqliteFixture>;

public sealed class SessionListTestsOnPostgres(PostgresFixture fixture) : SessionListTests(fixture), IClassFixture<PostgresFixture>;
