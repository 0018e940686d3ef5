using System.Net;
using System.Text;
using Tandem.Web.Tests.Support;

namespace Tandem.Web.Tests.Foundation;

public abstract class ShellTests(AppFixture fixture) : AppTests(fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task HomePage_ByDefault_IsFrenchWithStrictHeaders()
    {
        using var client = App.CreatePageClient();
        var response = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<html lang=\"fr\">", client.LastHtml, StringComparison.Ordinal);
        Assert.Contains("Espace professionnel", client.LastHtml, StringComparison.Ordinal);

        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Contains("no-store", response.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Https_Responses_CarryHsts_PlainHttpOnesDoNot()
    {
        using var https = App.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false });
        var secure = await https.GetAsync(new Uri("/", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal("max-age=31536000; includeSubDomains", secure.Headers.GetValues("Strict-Transport-Security").Single());

        using var plain = App.CreatePageClient();
        var response = await plain.GetAsync("/");
        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task Pages_Always_LoadNothingFromElsewhereAndNoInlineScript()
    {
        using var client = App.CreatePageClient();
        foreach (var path in new[] { "/", "/connexion" })
        {
            await client.GetAsync(path);
            Assert.DoesNotContain("<script", client.LastHtml, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("src=\"http", client.LastHtml, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("href=\"http", client.LastHtml, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(" style=\"", client.LastHtml, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task LanguageSwitch_ToEnglishAndBack_ChangesThePage()
    {
        using var client = App.CreatePageClient();
        await client.GetAsync("/connexion");
        var toEnglish = await client.PostFormAsync("/langue", new Dictionary<string, string?> { ["culture"] = "en", ["returnUrl"] = "/connexion" });
        Assert.Equal("/connexion", toEnglish.Headers.Location?.OriginalString);
        await client.GetAsync("/connexion");
        Assert.Contains("<html lang=\"en\">", client.LastHtml, StringComparison.Ordinal);
        Assert.Contains("Staff sign-in", client.LastHtml, StringComparison.Ordinal);

        await client.PostFormAsync("/langue", new Dictionary<string, string?> { ["culture"] = "fr", ["returnUrl"] = "/connexion" });
        await client.GetAsync("/connexion");
        Assert.Contains("<html lang=\"fr\">", client.LastHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LanguageSwitch_WithForeignReturnUrl_StaysOnTheSite()
    {
        using var client = App.CreatePageClient();
        await client.GetAsync("/");
        var response = await client.PostFormAsync("/langue", new Dictionary<string, string?> { ["culture"] = "en", ["returnUrl"] = "https://evil.example/" });
        Assert.Equal("/", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task FormPost_WithoutAntiforgeryToken_IsRefused()
    {
        using var client = App.CreateApiClient();
        var response = await client.PostAsync(new Uri("/connexion", UriKind.Relative),
            new FormUrlEncodedContent(new Dictionary<string, string> { ["Email"] = "a@b.fr", ["Password"] = "x" }), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task UnknownPage_Returns404PageInFrench()
    {
        using var client = App.CreatePageClient();
        var response = await client.GetAsync("/nulle-part");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("Page introuvable", client.LastHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenApi_Document_DescribesTheStaffLogin()
    {
        using var client = App.CreateApiClient();
        var json = await client.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative), Ct);
        Assert.Contains("/api/v1/staff/login", json, StringComparison.Ordinal);
        Assert.Contains("/api/v1/admin/invitations", json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Api_WithBrokenJson_Returns400ProblemDetailsNot500()
    {
        using var client = App.CreateApiClient();
        var response = await client.PostAsync(new Uri("/api/v1/staff/login", UriKind.Relative),
            new StringContent("{\"email\": \"a@b.fr\", ", Encoding.UTF8, "application/json"), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.Contains("\"errors\"", body, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Api_WithWrongContentType_Returns4xxNot500()
    {
        using var client = App.CreateApiClient();
        var response = await client.PostAsync(new Uri("/api/v1/staff/login", UriKind.Relative), new StringContent("email=a", Encoding.UTF8, "text/plain"), Ct);
        Assert.InRange((int)response.StatusCode, 400, 499);
    }

    [Fact]
    public async Task StaffPage_Anonymous_RedirectsToSignIn()
    {
        using var client = App.CreatePageClient();
        var response = await client.GetAsync("/espace");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/connexion", response.Headers.Location!.PathAndQuery(), StringComparison.Ordinal);
    }
}

internal static class UriExtensions
{
    public static string PathAndQuery(this Uri uri) => uri.IsAbsoluteUri ? uri.PathAndQuery : uri.OriginalString;
}

public sealed class ShellTestsOnSqlite(SqliteFixture fixture) : ShellTests(fixture), IClassFixture<SqliteFixture>;

public sealed class ShellTestsOnPostgres(PostgresFixture fixture) : ShellTests(fixture), IClassFixture<PostgresFixture>;
