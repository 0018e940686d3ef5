using System.Net;
using System.Net.Http.Json;
using Tandem.Core.Security;
using Tandem.Web.Tests.Support;

namespace Tandem.Web.Tests.Foundation;

/// <summary>Refusals answer 404 and are logged with who and the route's pattern, never the path's ids (ASVS 16.3.2).</summary>
public abstract class RefusalLogTests(AppFixture fixture) : AppTests(fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ARefusalByPolicy_AndACaseNotTheirs_AreBothLogged_WithTheRoutesPatternOnly()
    {
        var booked = await App.BookedCaseAsync();
        var stranger = await App.CreatePractitionerAsync("Pas du binôme", "coach", Core.Requests.Modality.Video);
        using var client = await App.ApiClientAsAsync(stranger);

        // A coordinator's page, refused by its policy.
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(new Uri("/api/v1/coordination/requests", UriKind.Relative), Ct)).StatusCode);
        Assert.Contains(App.Logs.Lines, l => l.Contains($"Access refused to staff:{stranger.Id} on GET /api/v1/coordination/requests", StringComparison.Ordinal));

        // A case of another pair, refused by the handler: the same answer, and now logged as well.
        var notes = $"/api/v1/cases/{booked.Request.RequestId}/notes";
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(new Uri(notes, UriKind.Relative), Ct)).StatusCode);
        var line = Assert.Single(App.Logs.Lines, l => l.Contains($"Not found for staff:{stranger.Id} on GET /api/v1/cases/", StringComparison.Ordinal));
        Assert.Contains("(nothing there, or not theirs)", line, StringComparison.Ordinal);
        Assert.DoesNotContain(booked.Request.RequestId.ToString(), line, StringComparison.OrdinalIgnoreCase);

        // The pair's own read is no refusal.
        using var pair = await App.ApiClientAsAsync(booked.Psychologist);
        Assert.Equal(HttpStatusCode.OK, (await pair.GetAsync(new Uri(notes, UriKind.Relative), Ct)).StatusCode);
        Assert.DoesNotContain(App.Logs.Lines, l => l.Contains($"for staff:{booked.Psychologist.Id}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RefusedInput_IsLogged_WithWhoAndTheRoutesPattern_NeverWhatWasSent()
    {
        var staff = await App.CreateStaffAsync(Roles.Coordinator);
        using var client = await App.ApiClientAsAsync(staff);
        const string Secret = "mot-de-passe-qui-ne-doit-jamais-paraitre";

        // A body the handler refuses, and a body that is not even JSON.
        var refused = await client.PostAsJsonAsync("/api/v1/staff/me/sessions/others/end", new { password = string.Empty, note = Secret }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains(App.Logs.Lines, l => l.Contains($"Input refused from staff:{staff.Id} on POST /api/v1/staff/me/sessions/others/end", StringComparison.Ordinal));
        using var broken = new StringContent("{\"password\": \"" + Secret, System.Text.Encoding.UTF8, "application/json");
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PutAsync(new Uri("/api/v1/staff/me/password", UriKind.Relative), broken, Ct)).StatusCode);
        Assert.Contains(App.Logs.Lines, l => l.Contains($"Input refused from staff:{staff.Id} on PUT /api/v1/staff/me/password", StringComparison.Ordinal));

        // Someone not signed in, on the anonymous request form's API.
        using var anonymous = App.CreateApiClient();
        Assert.Equal(HttpStatusCode.BadRequest, (await anonymous.PostAsJsonAsync("/api/v1/requests", new { themes = new[] { Secret } }, Ct)).StatusCode);
        Assert.Contains(App.Logs.Lines, l => l.Contains("Input refused from anonymous on POST /api/v1/requests", StringComparison.Ordinal));
        Assert.DoesNotContain(App.Logs.Lines, l => l.Contains(Secret, StringComparison.Ordinal));
    }
}

public sealed class RefusalLogTestsOnSqlite(SqliteFixture fixture) : RefusalLogTests(fixture), IClassFixture<SqliteFixture>;

public sealed class RefusalLogTestsOnPostgres(PostgresFixture fixture) : RefusalLogTests(fixture), IClassFixture<PostgresFixture>;
