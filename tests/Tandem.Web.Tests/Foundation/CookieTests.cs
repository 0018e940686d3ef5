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

        // The person's space: its cookie is scoped to its own pages, so it takes the prefix that allows a path.
        var request = await App.CreateRequestAsync();
        using var space = App.CreatePageClient(https: true);
        await space.GetAsync("/mon-espace/connexion");
        await space.FollowAsync(await space.PostFormAsync("/mon-espace/connexion", new Dictionary<string, string?> { ["AccessCode"] = request.AccessCode }));
        var session = Assert.Single(space.Cookies.GetAllCookies(), c => c.Name.EndsWith("tandem-space", StringComparison.Ordinal));
        Assert.Equal("__Secure-tandem-space", session.Name);
        Assert.True(session.Secure);
        Assert.Equal("/mon-espace", session.Path);
        Assert.Equal(HttpStatusCode.OK, (await space.GetAsync("/mon-espace")).StatusCode);
        Assert.DoesNotContain("AccessCode", space.LastHtml, StringComparison.Ordinal);
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
