using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime.Testing;
using Tandem.Core.Data;
using Tandem.Web.Tests.Support;

namespace Tandem.Web.Tests.Requests;

/// <summary>
/// Abuse of anonymous request creation: a per-client limit counted in memory, and a global
/// cap counted in the database so it holds across instances. Each test has its own database,
/// since the cap counts every request in it.
/// </summary>
public abstract class IntakeThrottlingTests(DatabaseProvider provider)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly object Body = new { themes = new[] { "stress" }, modality = "phone", message = "Je n'en peux plus." };

    private static Task<int> RequestCountAsync(TandemApp app) => app.InDbAsync(db => db.Requests.CountAsync(Ct));

    private static async Task AssertRefusedWithNumbersAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(429, problem.GetProperty("status").GetInt32());
        Assert.Equal("Trop de tentatives", problem.GetProperty("title").GetString());
        Assert.Equal(["3114", "15", "112", "17", "3919"], problem.GetProperty("emergencyNumbers").EnumerateArray().Select(n => n.GetProperty("number").GetString()).ToArray());
        Assert.DoesNotContain("   at ", problem.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_BeyondThePerClientLimit_Returns429WithTheNumbersAndSavesNothing()
    {
        await using var db = await TestDatabase.CreateOrSkipAsync(provider);
        await using var app = new TandemApp(db, settings: new Dictionary<string, string?> { ["Tandem:Intake:RequestsPerClientPerHour"] = "3" });
        using var client = app.CreateApiClient();
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/v1/requests", Body, Ct)).StatusCode);
        }

        var refused = await client.PostAsJsonAsync("/api/v1/requests", Body, Ct);
        await AssertRefusedWithNumbersAsync(refused);
        Assert.True(int.Parse(refused.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) > 0);
        Assert.Equal(3, await RequestCountAsync(app));

        // Only creation is limited: the rest of the service still answers this client.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/api/v1/practitioners", UriKind.Relative), Ct)).StatusCode);
    }

    [Fact]
    public async Task Create_BeyondTheGlobalCap_Returns429OnEveryInstanceUntilTheHourHasPassed()
    {
        await using var db = await TestDatabase.CreateOrSkipAsync(provider);
        var clock = new FakeClock(TestClock.Start());
        var cap = new Dictionary<string, string?> { ["Tandem:Intake:RequestsPerHour"] = "4" };
        await using var first = new TandemApp(db, clock, cap);
        await using var second = new TandemApp(db, clock, cap);
        using var a = first.CreateApiClient();
        using var b = second.CreateApiClient();
        foreach (var client in new[] { a, b, a, b })
        {
            Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/v1/requests", Body, Ct)).StatusCode);
        }

        await AssertRefusedWithNumbersAsync(await a.PostAsJsonAsync("/api/v1/requests", Body, Ct));
        await AssertRefusedWithNumbersAsync(await b.PostAsJsonAsync("/api/v1/requests", Body, Ct));
        Assert.Equal(4, await RequestCountAsync(first));

        clock.AdvanceMinutes(61);
        Assert.Equal(HttpStatusCode.Created, (await b.PostAsJsonAsync("/api/v1/requests", Body, Ct)).StatusCode);
    }

    [Fact]
    public async Task RequestForm_WhenTheServiceIsSaturated_Answers429InFrenchKeepsTheCodeAndSavesNothing()
    {
        await using var db = await TestDatabase.CreateOrSkipAsync(provider);
        await using var app = new TandemApp(db, settings: new Dictionary<string, string?> { ["Tandem:Intake:RequestsPerHour"] = "0" });
        using var client = app.CreatePageClient();
        var (code, draft, token) = await PrepareAsync(client);

        var refused = await ConfirmAsync(client, code, draft, token);
        var html = await refused.Content.ReadAsStringAsync(Ct);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Contains("beaucoup trop de demandes", html, StringComparison.Ordinal);
        Assert.Contains("href=\"tel:3114\"", html, StringComparison.Ordinal);
        Assert.Contains(code, html, StringComparison.Ordinal);
        Assert.NotEmpty(RequestForm.Draft(html));
        Assert.Equal(0, await RequestCountAsync(app));
    }

    [Fact]
    public async Task RequestForm_BeyondThePerClientLimit_ShowsTheFrenchStatusPageWithTheNumbers()
    {
        await using var db = await TestDatabase.CreateOrSkipAsync(provider);
        await using var app = new TandemApp(db, settings: new Dictionary<string, string?> { ["Tandem:Intake:RequestsPerClientPerHour"] = "1" });
        using var client = app.CreatePageClient();
        var first = await PrepareAsync(client);
        Assert.Equal(HttpStatusCode.OK, (await ConfirmAsync(client, first.Code, first.Draft, first.Token)).StatusCode);

        // Filling in again is allowed; only the last step, which creates, is refused.
        var second = await PrepareAsync(client);
        var refused = await ConfirmAsync(client, second.Code, second.Draft, second.Token);
        var html = await refused.Content.ReadAsStringAsync(Ct);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Contains("Trop de tentatives", html, StringComparison.Ordinal);
        Assert.Contains("href=\"tel:3114\"", html, StringComparison.Ordinal);
        Assert.Equal(1, await RequestCountAsync(app));
    }

    private static async Task<(string Code, string Draft, string Token)> PrepareAsync(PageClient client)
    {
        await client.GetAsync("/demande?urgence=non");
        var fields = new List<KeyValuePair<string, string>>
        {
            new("Crisis", "false"), new("Themes", "stress"), new("Collective", "false"), new("Modality", "phone"),
            new("__af", PageClient.AntiforgeryToken(client.LastHtml)!),
        };
        var prepared = await client.Http.PostAsync(new Uri("/demande?handler=Prepare&urgence=non", UriKind.Relative), new FormUrlEncodedContent(fields), Ct);
        var html = await prepared.Content.ReadAsStringAsync(Ct);
        Assert.Equal(HttpStatusCode.OK, prepared.StatusCode);
        return (RequestForm.Code(html), RequestForm.Draft(html), PageClient.AntiforgeryToken(html)!);
    }

    private static Task<HttpResponseMessage> ConfirmAsync(PageClient client, string code, string draft, string token) =>
        client.Http.PostAsync(new Uri("/demande?handler=Confirm", UriKind.Relative),
            new FormUrlEncodedContent(new Dictionary<string, string> { ["Draft"] = draft, ["CodeConfirmation"] = code[^5..], ["__af"] = token }), Ct);

}

public sealed class IntakeThrottlingTestsOnSqlite() : IntakeThrottlingTests(DatabaseProvider.Sqlite);

public sealed class IntakeThrottlingTestsOnPostgres() : IntakeThrottlingTests(DatabaseProvider.Postgres);
