using System.Net;
using Tandem.Core.Security;
using Tandem.Web.Tests.Support;

namespace Tandem.Web.Tests.Foundation;

public abstract class CookieTests(AppFixture fixture) : AppTests(fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task OverHttps_EveryCookieOfTheService_CarriesItsPrefix_AndTheSessionsWorkUnderIt()
    {
        var staff = await App.CreateStaffAsync(Roles.Coordinator);
        using var pages = await App.PagesAsAsync(staff, https: true);
        await pages.GetAsync("/espace");
        await pages.PostFormAsync("/langue", new Dictionary<string, string?> { ["culture"] = "en", ["returnUrl"] = "/espace" });
        var cookies = pages.Cookies.GetAllCookies().ToList();
        Assert.Equal(["__Host-tandem-af", "__Host-tandem-culture", "__Host-tandem-session"], cookies.Select(c => c.Name).Order(StringComparer.Ordinal));
        Assert.All(cookies, c =>
        {
            Assert.True(c.Secure, c.Name);
            Assert.Equal("/", c.Path);
            Assert.True(c.HttpOnly, c.Name);
        });
        Assert.Equal(HttpStatusCode.OK, (await pages.GetAsync("/espace")).StatusCode);
        Assert.Contains("<html lang=\"en\">", pages.LastHtml, StringComparison.Ordinal);

        // The person's space: its cookie carries the same prefix, and opens only the space's own pages.
        var request = await App.CreateRequestAsync();
        using var space = App.CreatePageClient(https: true);
        await space.GetAsync("/mon-espace/connexion");
        await space.FollowAsync(await space.PostFormAsync("/mon-espace/connexion", new Dictionary<string, string?> { ["AccessCode"] = request.AccessCode }));
        var session = Assert.Single(space.Cookies.GetAllCookies(), c => c.Name.EndsWith("tandem-space", StringComparison.Ordinal));
        Assert.Equal("__Host-tandem-space", session.Name);
        Assert.True(session.Secure);
        Assert.True(session.HttpOnly);
        Assert.Equal("/", session.Path);
        Assert.Equal(HttpStatusCode.OK, (await space.GetAsync("/mon-espace")).StatusCode);
        Assert.DoesNotContain("AccessCode", space.LastHtml, StringComparison.Ordinal);
        var staffPage = await space.GetAsync("/espace");
        Assert.Equal(HttpStatusCode.Redirect, staffPage.StatusCode);
        Assert.Contains("/connexion", staffPage.Headers.Location!.OriginalString, StringComparison.Ordinal);

        // Under the prefix a sibling sub-domain may set (__Secure-), the same value opens nothing.
        using var https = App.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false });
        using var planted = new HttpRequestMessage(HttpMethod.Get, new Uri("/mon-espace", UriKind.Relative));
        planted.Headers.Add("Cookie", $"__Secure-tandem-space={session.Value}");
        var refused = await https.SendAsync(planted, Ct);
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Contains("/mon-espace/connexion", refused.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OverHttps_ACookieWithoutThePrefix_CountsForNothing_OverPlainHttpTheNamesStayPlain()
    {
        var staff = await App.CreateStaffAsync(Roles.Administrator);
        using var plain = await App.PagesAsAsync(staff);
        var session = Assert.Single(plain.Cookies.GetAllCookies(), c => c.Name.EndsWith("tandem-session", StringComparison.Ordinal));
        Assert.Equal("tandem-session", session.Name);
        Assert.Equal(HttpStatusCode.OK, (await plain.GetAsync("/espace")).StatusCode);

        // Over HTTPS a page on a sibling sub-domain, or any plain-HTTP page, could have set a cookie of that
        // name: it is not read. The same value under the prefix is the session: the name was refused, not the value.
        using var https = App.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false });
        async Task<HttpResponseMessage> WithCookieAsync(string cookie)
        {
            using var message = new HttpRequestMessage(HttpMethod.Get, new Uri("/espace", UriKind.Relative));
            message.Headers.Add("Cookie", cookie);
            return await https.SendAsync(message, Ct);
        }

        foreach (var planted in new[] { $"tandem-session={session.Value}", $"TANDEM-SESSION={session.Value}", $"__host-tandem-session={session.Value}", $"a=\"b; tandem-session={session.Value}" })
        {
            var unprefixed = await WithCookieAsync(planted);
            Assert.Equal(HttpStatusCode.Redirect, unprefixed.StatusCode);
            Assert.Contains("/connexion", unprefixed.Headers.Location!.OriginalString, StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.OK, (await WithCookieAsync($"other=1; __Host-tandem-session={session.Value}")).StatusCode);
    }
}

public sealed class CookieTestsOnSqlite(SqliteFixture fixture) : CookieTests(fixture), IClassFixture<SqliteFixture>;

public sealed class CookieTestsOnPostgres(PostgresFixture fixture) : CookieTests(fixture), IClassFixture<PostgresFixture>;
