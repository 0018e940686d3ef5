using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Tandem.Core.Security;
using Tandem.Core.Security.Audit;
using Tandem.Web.Hosting;
using Tandem.Web.Tests.Support;

namespace Tandem.Web.Tests.Staff;

/// <summary>
/// A security key (WebAuthn, phishing-resistant) as a staff member's second factor (ASVS 6.3.7):
/// added from the security page or the API after the password is typed again, it then signs in in
/// place of the TOTP code; a key the account does not hold, or a ceremony's state not its own, is
/// refused and counts as a failed sign-in.
/// </summary>
public abstract class SecurityKeyTests(AppFixture fixture) : AppTests(fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A key in the service's browser: its origin is the configured public address, else the test server's.</summary>
    private SoftwareKey NewKey() => new()
    {
        Origin = App.Services.GetRequiredService<IOptions<TandemOptions>>().Value.PublicBaseUrl is { Length: > 0 } configured
            ? new Uri(configured).GetLeftPart(UriPartial.Authority)
            : "http://localhost",
    };

    private async Task<PageClient> PagesWithOriginAsync(TestStaff staff)
    {
        var pages = await App.PagesAsAsync(staff);

        // What a browser sends with a form under the service's Referrer-Policy: no-referrer.
        pages.Http.DefaultRequestHeaders.Add("Origin", "null");
        return pages;
    }

    private static async Task<(JsonElement Options, string State)> OptionsAsync(PageClient pages, string path)
    {
        var response = await pages.PostFormAsync(path, new Dictionary<string, string?>());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonDocument.Parse(pages.LastHtml).RootElement;
        return (body.GetProperty("options").Clone(), body.GetProperty("state").GetString()!);
    }

    private static async Task<HttpResponseMessage> AddKeyAsync(PageClient pages, SoftwareKey key, string name, string password)
    {
        await pages.GetAsync("/espace/securite");
        var (options, state) = await OptionsAsync(pages, "/espace/securite?handler=KeyOptions");
        await pages.GetAsync("/espace/securite");
        return await pages.PostFormAsync("/espace/securite?handler=AddKey", new Dictionary<string, string?>
        {
            ["KeyName"] = name,
            ["KeyPassword"] = password,
            ["KeyCredential"] = key.Create(options),
            ["KeyState"] = state,
        });
    }

    private async Task<PageClient> AtTheCodeStepAsync(TestStaff staff)
    {
        var client = App.CreatePageClient();
        await client.GetAsync("/connexion");
        var afterPassword = await client.PostFormAsync("/connexion", new Dictionary<string, string?> { ["Email"] = staff.Email, ["Password"] = staff.Password });
        Assert.Equal("/connexion/code", afterPassword.Headers.Location?.OriginalString);
        await client.GetAsync("/connexion/code");
        return client;
    }

    private static async Task<HttpResponseMessage> SignInWithAsync(PageClient client, SoftwareKey key)
    {
        var (options, state) = await OptionsAsync(client, "/connexion/code?handler=KeyOptions");
        await client.GetAsync("/connexion/code");
        return await client.PostFormAsync("/connexion/code?handler=Key", new Dictionary<string, string?> { ["KeyCredential"] = key.Get(options), ["KeyState"] = state });
    }

    [Fact]
    public async Task AKeyAddedOnTheSecurityPage_SignsInInsteadOfTheCode_AndOnlyThatKey()
    {
        var staff = await App.CreateStaffAsync(Roles.Practitioner);
        using var pages = await PagesWithOriginAsync(staff);
        await pages.GetAsync("/espace/securite");
        Assert.Contains("Aucune clé enregistrée.", pages.LastHtml, StringComparison.Ordinal);
        using var key = NewKey();

        var wrong = await AddKeyAsync(pages, key, "Clé bleue", "pas le bon mot de passe");
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        Assert.Contains("Ce n&#x27;est pas votre mot de passe actuel.", pages.LastHtml, StringComparison.Ordinal);
        await pages.GetAsync("/espace/securite");
        var withoutScript = await pages.PostFormAsync("/espace/securite?handler=AddKey", new Dictionary<string, string?> { ["KeyName"] = "Clé bleue", ["KeyPassword"] = staff.Password });
        Assert.Equal(HttpStatusCode.OK, withoutScript.StatusCode);
        Assert.Contains("il faut un navigateur récent avec JavaScript", pages.LastHtml, StringComparison.Ordinal);

        var added = await AddKeyAsync(pages, key, "Clé bleue", staff.Password);
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        await pages.FollowAsync(added);
        Assert.Contains("La clé de sécurité est ajoutée", pages.LastHtml, StringComparison.Ordinal);
        Assert.Contains("Clé bleue", pages.LastHtml, StringComparison.Ordinal);
        Assert.Contains("1 clé(s) enregistrée(s)", pages.LastHtml, StringComparison.Ordinal);

        // New recovery codes: the page that shows them still lists the key and the sessions.
        await pages.PostFormAsync("/espace/securite", new Dictionary<string, string?>());
        Assert.Contains("1 clé(s) enregistrée(s)", pages.LastHtml, StringComparison.Ordinal);
        Assert.Contains("cette session", pages.LastHtml, StringComparison.Ordinal);

        // At the next sign-in, the key replaces the code.
        using var browser = await AtTheCodeStepAsync(staff);
        Assert.Contains("Utiliser ma clé de sécurité", browser.LastHtml, StringComparison.Ordinal);
        Assert.Contains("/js/security-keys.js", browser.LastHtml, StringComparison.Ordinal);
        var signedIn = await SignInWithAsync(browser, key);
        Assert.Equal("/espace", signedIn.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/espace")).StatusCode);
        var methods = await App.InDbAsync(db => db.AuditEntries.Where(e => e.Action == AuditActions.SignedIn && e.Target == staff.Id.ToString()).Select(e => e.Details).ToListAsync(Ct));
        Assert.Contains(methods, d => d != null && d.Contains("security_key", StringComparison.Ordinal));
        Assert.Equal(1, await App.InDbAsync(db => db.AuditEntries.CountAsync(e => e.Action == AuditActions.SecurityKeyAdded && e.Target == staff.Id.ToString(), Ct)));

        // Another key, never added, is refused, and counts as a failed sign-in.
        using var stranger = NewKey();
        using var other = await AtTheCodeStepAsync(staff);
        var refused = await SignInWithAsync(other, stranger);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("Cette clé de sécurité n’est pas acceptée", other.LastHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await other.GetAsync("/espace")).StatusCode);
        Assert.Equal(1, await App.InDbAsync(db => db.Users.Where(u => u.Id == staff.Id).Select(u => u.FailedSignIns).SingleAsync(Ct)));

        // The same key, on a look-alike site that relays the ceremony, signs for that site's origin: refused.
        using var phished = await AtTheCodeStepAsync(staff);
        var (relayed, relayedState) = await OptionsAsync(phished, "/connexion/code?handler=KeyOptions");
        await phished.GetAsync("/connexion/code");
        key.Origin = "https://tandem-ecoute.example";
        var lookAlike = key.Get(relayed);
        await phished.PostFormAsync("/connexion/code?handler=Key", new Dictionary<string, string?> { ["KeyCredential"] = lookAlike, ["KeyState"] = relayedState });
        Assert.Contains("Cette clé de sécurité n’est pas acceptée", phished.LastHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await phished.GetAsync("/espace")).StatusCode);

        // Without the script, the page says what is missing; the code still works.
        await other.GetAsync("/connexion/code");
        await other.PostFormAsync("/connexion/code?handler=Key", new Dictionary<string, string?>());
        Assert.Contains("il faut un navigateur récent avec JavaScript", other.LastHtml, StringComparison.Ordinal);
        App.Clock.AdvanceSeconds(30);
        Assert.Equal("/espace", (await other.PostFormAsync("/connexion/code", new Dictionary<string, string?> { ["Code"] = App.CurrentCode(staff) })).Headers.Location?.OriginalString);
        App.Clock.AdvanceSeconds(30);

        // Removed from the page: a key must be chosen, and the password typed again.
        await pages.GetAsync("/espace/securite");
        await pages.PostFormAsync("/espace/securite?handler=RemoveKey", new Dictionary<string, string?> { ["RemoveKeyPassword"] = staff.Password });
        Assert.Contains("Choisissez la clé à retirer.", pages.LastHtml, StringComparison.Ordinal);
        var removed = await pages.PostFormAsync("/espace/securite?handler=RemoveKey", new Dictionary<string, string?> { ["keyId"] = key.Id, ["RemoveKeyPassword"] = staff.Password });
        Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);
        await pages.FollowAsync(removed);
        Assert.Contains("La clé de sécurité est retirée.", pages.LastHtml, StringComparison.Ordinal);
        Assert.Contains("Aucune clé enregistrée.", pages.LastHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheStateOfAnotherAccountsCeremony_OrAReplayedAnswer_IsRefused()
    {
        var alice = await App.CreateStaffAsync(Roles.Coordinator);
        var bruno = await App.CreateStaffAsync(Roles.Coordinator);
        using var alicePages = await PagesWithOriginAsync(alice);
        using var aliceKey = NewKey();
        Assert.Equal(HttpStatusCode.Redirect, (await AddKeyAsync(alicePages, aliceKey, "Clé d'Alice", alice.Password)).StatusCode);
        using var brunoPages = await PagesWithOriginAsync(bruno);
        using var brunoKey = NewKey();
        Assert.Equal(HttpStatusCode.Redirect, (await AddKeyAsync(brunoPages, brunoKey, "Clé de Bruno", bruno.Password)).StatusCode);

        // Alice's ceremony state, carried to Bruno's sign-in, opens nothing.
        using var atAlice = await AtTheCodeStepAsync(alice);
        var (aliceOptions, aliceState) = await OptionsAsync(atAlice, "/connexion/code?handler=KeyOptions");
        using var atBruno = await AtTheCodeStepAsync(bruno);
        await OptionsAsync(atBruno, "/connexion/code?handler=KeyOptions");
        await atBruno.GetAsync("/connexion/code");
        await atBruno.PostFormAsync("/connexion/code?handler=Key", new Dictionary<string, string?> { ["KeyCredential"] = aliceKey.Get(aliceOptions), ["KeyState"] = aliceState });
        Assert.Contains("Cette clé de sécurité n’est pas acceptée", atBruno.LastHtml, StringComparison.Ordinal);

        // An answer signed for an old challenge, or with a counter gone back, is refused.
        await atAlice.GetAsync("/connexion/code");
        var answer = aliceKey.Get(aliceOptions);
        var (_, freshState) = await OptionsAsync(atAlice, "/connexion/code?handler=KeyOptions");
        await atAlice.GetAsync("/connexion/code");
        await atAlice.PostFormAsync("/connexion/code?handler=Key", new Dictionary<string, string?> { ["KeyCredential"] = answer, ["KeyState"] = freshState });
        Assert.Contains("Cette clé de sécurité n’est pas acceptée", atAlice.LastHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await atAlice.GetAsync("/espace")).StatusCode);
    }

    [Fact]
    public async Task Api_AddsListsAndRemovesAKey_WithThePasswordTypedAgain()
    {
        var staff = await App.CreateStaffAsync(Roles.Administrator);
        using var api = await App.ApiClientAsAsync(staff);
        using var key = NewKey();
        Assert.Empty((await api.GetFromJsonAsync<List<JsonElement>>("/api/v1/staff/me/security-keys", Ct))!);

        var ceremony = await (await api.PostAsync(new Uri("/api/v1/staff/me/security-keys/options", UriKind.Relative), null, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        var credential = JsonDocument.Parse(key.Create(ceremony.GetProperty("options"))).RootElement;
        var state = ceremony.GetProperty("state").GetString();
        var missing = await api.PostAsJsonAsync("/api/v1/staff/me/security-keys", new { name = "Clé API", password = staff.Password, state }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        var created = await api.PostAsJsonAsync("/api/v1/staff/me/security-keys", new { name = "Clé API", password = staff.Password, credential, state }, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var listed = Assert.Single((await api.GetFromJsonAsync<List<JsonElement>>("/api/v1/staff/me/security-keys", Ct))!);
        Assert.Equal("Clé API", listed.GetProperty("name").GetString());
        Assert.Equal(key.Id, listed.GetProperty("id").GetString());

        Assert.Equal(HttpStatusCode.BadRequest, (await api.PostAsJsonAsync($"/api/v1/staff/me/security-keys/{key.Id}/remove", new { password = "non" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.PostAsJsonAsync("/api/v1/staff/me/security-keys/AAAA/remove", new { password = staff.Password }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await api.PostAsJsonAsync($"/api/v1/staff/me/security-keys/{key.Id}/remove", new { password = staff.Password }, Ct)).StatusCode);
        Assert.Empty((await api.GetFromJsonAsync<List<JsonElement>>("/api/v1/staff/me/security-keys", Ct))!);
        Assert.Equal(1, await App.InDbAsync(db => db.AuditEntries.CountAsync(e => e.Action == AuditActions.SecurityKeyRemoved && e.Target == staff.Id.ToString(), Ct)));

        // Once removed, the sign-in no longer offers it.
        using var browser = await AtTheCodeStepAsync(staff);
        Assert.DoesNotContain("Utiliser ma clé de sécurité", browser.LastHtml, StringComparison.Ordinal);
    }
}

public sealed class SecurityKeyTestsOnSqlite(SqliteFixture fixture) : SecurityKeyTests(fixture), IClassFixture<SqliteFixture>;

public sealed class SecurityKeyTestsOnPostgres(PostgresFixture fixture) : SecurityKeyTests(fixture), IClassFixture<PostgresFixture>;
