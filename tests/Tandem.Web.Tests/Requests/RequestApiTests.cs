using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Tandem.Core.Requests;
using Tandem.Core.Security;
using Tandem.Web.Tests.Support;

namespace Tandem.Web.Tests.Requests;

public abstract class RequestApiTests(AppFixture fixture) : AppTests(fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Create_Valid_Returns201WithACodeOfAtLeast80BitsAndNoEmergencyNumbers()
    {
        var created = await App.CreateRequestAsync();
        Assert.Matches("^[A-HJ-NP-Z2-9]{5}(-[A-HJ-NP-Z2-9]{5}){4}$", created.AccessCode);
        Assert.Equal("new", created.Body.GetProperty("status").GetString());
        Assert.False(created.Body.TryGetProperty("emergencyNumbers", out var numbers) && numbers.ValueKind == JsonValueKind.Array);
    }

    [Fact]
    public async Task Create_WithCrisis_ReturnsEmergencyNumbersAndIsUrgent()
    {
        var created = await App.CreateRequestAsync(new { themes = new[] { "burnout" }, modality = "phone", crisis = true });
        var numbers = created.Body.GetProperty("emergencyNumbers").EnumerateArray().Select(n => n.GetProperty("number").GetString()).ToList();
        Assert.Equal(["3114", "15", "112", "17", "3919"], numbers);
        Assert.True(created.Body.GetProperty("urgent").GetBoolean());
    }

    [Fact]
    public async Task Create_WithBadInput_Returns400NamingEachFieldInFrench()
    {
        using var client = App.CreateApiClient();
        var response = await client.PostAsJsonAsync("/api/v1/requests", new
        {
            themes = new[] { "stress", "astrology" },
            collective = true,
            participants = -3,
            modality = "in_person",
            organisationCode = "NOPE-123",
            message = new string('x', 5001),
            pseudonym = new string('p', 41),
        }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors");
        foreach (var field in new[] { "themes", "participants", "organisationCode", "message", "pseudonym" })
        {
            Assert.True(errors.TryGetProperty(field, out _), $"no error for {field}: {errors}");
        }

        Assert.Contains("5 000", errors.GetProperty("message")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_WithUnknownModalityOrBrokenJson_Returns400NotA500()
    {
        using var client = App.CreateApiClient();
        var modality = await client.PostAsync(new Uri("/api/v1/requests", UriKind.Relative),
            new StringContent("{\"themes\":[\"stress\"],\"modality\":\"telepathy\"}", Encoding.UTF8, "application/json"), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, modality.StatusCode);
        Assert.True((await modality.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").TryGetProperty("modality", out _));

        var missing = await client.PostAsJsonAsync("/api/v1/requests", new { collective = false }, Ct);
        var errors = (await missing.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("themes", out _));
        Assert.True(errors.TryGetProperty("modality", out _));

        var broken = await client.PostAsync(new Uri("/api/v1/requests", UriKind.Relative), new StringContent("{\"themes\": [", Encoding.UTF8, "application/json"), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, broken.StatusCode);
    }

    [Fact]
    public async Task Message_AtRest_IsNowhereInThePlainDatabase()
    {
        var marker = $"secret-marker-{Guid.NewGuid():N}";
        var created = await App.CreateRequestAsync(new { pseudonym = "Pseudo" + marker[^6..], themes = new[] { "stress" }, modality = "video", message = "Je dis " + marker });
        Assert.Empty(await DatabaseScanner.FindAsync(App, marker));
        Assert.Empty(await DatabaseScanner.FindAsync(App, created.AccessCode.Replace("-", string.Empty, StringComparison.Ordinal)[5..]));
    }

    [Fact]
    public async Task Me_WithTheCode_ShowsTheRequestDecrypted()
    {
        var created = await App.CreateRequestAsync();
        using var client = await App.BeneficiaryClientAsync(created.AccessCode.ToLowerInvariant().Replace("-", " ", StringComparison.Ordinal));
        var me = await client.GetFromJsonAsync<JsonElement>("/api/v1/beneficiary/me", Ct);
        Assert.Equal("Colibri", me.GetProperty("pseudonym").GetString());
        var request = me.GetProperty("requests")[0];
        Assert.Equal(created.RequestId, request.GetProperty("requestId").GetGuid());
        Assert.Equal("new", request.GetProperty("status").GetString());
        Assert.Equal("Mon chef me crie dessus tous les jours.", request.GetProperty("message").GetString());
        Assert.Equal(0, me.GetProperty("appointments").GetArrayLength());
    }

    [Fact]
    public async Task Login_WrongCodeRepeatedly_Throttles429ThatSpaceOnly()
    {
        var target = await App.CreateRequestAsync();
        var other = await App.CreateRequestAsync();
        using var client = App.CreateApiClient();
        var wrong = target.AccessCode[..6] + "AAAAA-AAAAA-AAAAA-AAAAA";
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            statuses.Add((await client.PostAsJsonAsync("/api/v1/beneficiary/login", new { accessCode = wrong }, Ct)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, statuses[0]);
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await client.PostAsJsonAsync("/api/v1/beneficiary/login", new { accessCode = target.AccessCode }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/v1/beneficiary/login", new { accessCode = other.AccessCode }, Ct)).StatusCode);

        App.Clock.AdvanceMinutes(2);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/v1/beneficiary/login", new { accessCode = target.AccessCode }, Ct)).StatusCode);
    }

    [Fact]
    public async Task Login_UnknownOrMalformedCode_Returns401Or400()
    {
        using var client = App.CreateApiClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsJsonAsync("/api/v1/beneficiary/login", new { accessCode = "ZZZZZ-ZZZZZ-ZZZZZ-ZZZZZ-ZZZZZ" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsJsonAsync("/api/v1/beneficiary/login", new { accessCode = "short" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsJsonAsync("/api/v1/beneficiary/login", new { accessCode = "" }, Ct)).StatusCode);
    }

    [Theory]
    [InlineData(CodeHashScheme.TwoLanes, 2)]
    [InlineData(CodeHashScheme.OneLane, 1)]
    public async Task Login_ToASpaceHashedWithAnOlderScheme_OpensIt_AndHashesTheCodeAgainWithTheCurrentOne(CodeHashScheme olderScheme, int lanes)
    {
        var created = await App.CreateRequestAsync();
        var spaceId = await App.InDbAsync(db => db.Requests.Where(r => r.Id == created.RequestId).Select(r => r.SpaceId).SingleAsync(Ct));

        // The space as older builds left it: Argon2id with 19 MiB and two passes, in two lanes or one.
        var secret = created.AccessCode.Replace("-", "", StringComparison.Ordinal)[5..];
        var oldSalt = Enumerable.Range(1, 16).Select(i => (byte)i).ToArray();
        byte[] oldHash;
        using (var argon = new Konscious.Security.Cryptography.Argon2id(Encoding.UTF8.GetBytes(secret)) { Salt = oldSalt, MemorySize = 19 * 1024, Iterations = 2, DegreeOfParallelism = lanes })
        {
            oldHash = argon.GetBytes(32);
        }

        await App.InDbAsync(db => db.BeneficiarySpaces.Where(s => s.Id == spaceId).ExecuteUpdateAsync(u => u
            .SetProperty(s => s.CodeHash, oldHash).SetProperty(s => s.CodeSalt, oldSalt).SetProperty(s => s.CodeScheme, olderScheme), Ct));

        using var client = App.CreateApiClient();
        var wrong = created.AccessCode[..6] + "AAAAA-AAAAA-AAAAA-AAAAA";
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsJsonAsync("/api/v1/beneficiary/login", new { accessCode = wrong }, Ct)).StatusCode);
        Assert.Equal(olderScheme, await App.InDbAsync(db => db.BeneficiarySpaces.Where(s => s.Id == spaceId).Select(s => s.CodeScheme).SingleAsync(Ct)));

        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/v1/beneficiary/login", new { accessCode = created.AccessCode }, Ct)).StatusCode);
        var upgraded = await App.InDbAsync(db => db.BeneficiarySpaces.AsNoTracking().SingleAsync(s => s.Id == spaceId, Ct));
        Assert.Equal(CodeHashScheme.SevenMiB, upgraded.CodeScheme);
        Assert.NotEqual(oldSalt, upgraded.CodeSalt);
        Assert.NotEqual(oldHash, upgraded.CodeHash);
        Assert.Equal(0, upgraded.FailedSignIns);

        // The new hash opens the space, and only with its code.
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/v1/beneficiary/login", new { accessCode = created.AccessCode }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsJsonAsync("/api/v1/beneficiary/login", new { accessCode = wrong }, Ct)).StatusCode);
    }

    [Fact]
    public async Task Erase_DeletesEveryRowOfTheSpace_AndTheCodeOpensNothing()
    {
        var marker = $"erase-{Guid.NewGuid():N}"[..20];
        var created = await App.CreateRequestAsync(new { pseudonym = marker, themes = new[] { "isolation" }, modality = "phone", message = "texte " + marker });
        var coordinator = await App.CreateStaffAsync(Roles.Coordinator);
        using (var staff = await App.ApiClientAsAsync(coordinator))
        {
            Assert.Equal(HttpStatusCode.Created, (await staff.PostAsJsonAsync($"/api/v1/coordination/requests/{created.RequestId}/messages", new { text = "Bonjour " + marker }, Ct)).StatusCode);
        }

        using var client = await App.BeneficiaryClientAsync(created.AccessCode);
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync(new Uri("/api/v1/beneficiary/me", UriKind.Relative), Ct)).StatusCode);
        // The space's own reads check the session in their query, the others before the endpoint: both refuse.
        foreach (var path in new[] { "/api/v1/beneficiary/me", "/api/v1/beneficiary/me/export", "/api/v1/beneficiary/groups" })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync(new Uri(path, UriKind.Relative), Ct)).StatusCode);
        }


        using var again = App.CreateApiClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await again.PostAsJsonAsync("/api/v1/beneficiary/login", new { accessCode = created.AccessCode }, Ct)).StatusCode);
        Assert.Empty(await DatabaseScanner.FindAsync(App, marker));
        Assert.Empty(await DatabaseScanner.FindAsync(App, created.AccessCode[..5]));
        Assert.Empty(await DatabaseScanner.FindAsync(App, created.RequestId.ToString()[..8]).ContinueWith(t => t.Result.Where(f => !f.StartsWith("audit_entries", StringComparison.Ordinal)).ToList(), TaskScheduler.Default));
    }

    [Fact]
    public async Task Space_WhoseStampNoLongerMatchesTheToken_RefusesEveryRead()
    {
        var created = await App.CreateRequestAsync();
        using var client = await App.BeneficiaryClientAsync(created.AccessCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/api/v1/beneficiary/me", UriKind.Relative), Ct)).StatusCode);

        // The space read checks the stamp in its own query (the check before the endpoint is skipped there).
        var spaceId = await App.InDbAsync(db => db.Requests.Where(r => r.Id == created.RequestId).Select(r => r.SpaceId).SingleAsync(Ct));
        await App.InDbAsync(db => db.BeneficiarySpaces.Where(s => s.Id == spaceId).ExecuteUpdateAsync(u => u.SetProperty(s => s.Stamp, Guid.NewGuid()), Ct));

        foreach (var path in new[] { "/api/v1/beneficiary/me", "/api/v1/beneficiary/me/export", "/api/v1/beneficiary/groups" })
        {
            var refused = await client.GetAsync(new Uri(path, UriKind.Relative), Ct);
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            Assert.DoesNotContain("Colibri", await refused.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Contact_SetReadRemove_IsSealedAtRestAndValidated()
    {
        var created = await App.CreateRequestAsync();
        using var client = await App.BeneficiaryClientAsync(created.AccessCode);
        var email = $"moi-{Guid.NewGuid():N}@exemple.fr";
        var bad = await client.PutAsJsonAsync("/api/v1/beneficiary/me/contact", new { kind = "email", value = "pas-une-adresse" }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.True((await bad.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").TryGetProperty("value", out _));
        var badPhone = await client.PutAsJsonAsync("/api/v1/beneficiary/me/contact", new { kind = "phone", value = "appelez-moi" }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, badPhone.StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await client.PutAsJsonAsync("/api/v1/beneficiary/me/contact", new { kind = "email", value = email }, Ct)).StatusCode);
        var me = await client.GetFromJsonAsync<JsonElement>("/api/v1/beneficiary/me", Ct);
        Assert.Equal("email", me.GetProperty("contactKind").GetString());
        Assert.Equal(email, me.GetProperty("contact").GetString());
        Assert.Empty(await DatabaseScanner.FindAsync(App, email));

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync(new Uri("/api/v1/beneficiary/me/contact", UriKind.Relative), Ct)).StatusCode);
        me = await client.GetFromJsonAsync<JsonElement>("/api/v1/beneficiary/me", Ct);
        Assert.Equal(JsonValueKind.Null, me.GetProperty("contact").ValueKind);
    }

    [Fact]
    public async Task Export_ReturnsAJsonFileWithEverythingTheSpaceHolds()
    {
        var created = await App.CreateRequestAsync();
        using var client = await App.BeneficiaryClientAsync(created.AccessCode);
        var response = await client.GetAsync(new Uri("/api/v1/beneficiary/me/export", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("tandem-mon-espace.json", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName);
        var export = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal("Colibri", export.GetProperty("space").GetProperty("pseudonym").GetString());
        Assert.Equal("Mon chef me crie dessus tous les jours.", export.GetProperty("space").GetProperty("requests")[0].GetProperty("message").GetString());
    }

    [Fact]
    public async Task Logs_OfAWholeBeneficiaryJourney_HoldNoCodePseudonymMessageOrAddress()
    {
        var marker = $"journal-{Guid.NewGuid():N}"[..18];
        var created = await App.CreateRequestAsync(new { pseudonym = "P" + marker, themes = new[] { "stress" }, modality = "phone", message = "M" + marker, crisis = true });
        using var person = await App.BeneficiaryClientAsync(created.AccessCode);
        await person.PutAsJsonAsync("/api/v1/beneficiary/me/contact", new { kind = "phone", value = "06 11 22 33 44" }, Ct);
        await person.PostAsJsonAsync($"/api/v1/beneficiary/requests/{created.RequestId}/messages", new { text = "R" + marker }, Ct);
        using var wrong = App.CreateApiClient();
        await wrong.PostAsJsonAsync("/api/v1/beneficiary/login", new { accessCode = created.AccessCode[..6] + "BBBBB-BBBBB-BBBBB-BBBBB" }, Ct);
        var coordinator = await App.CreateStaffAsync(Roles.Coordinator);
        using (var staff = await App.ApiClientAsAsync(coordinator))
        {
            await staff.GetAsync(new Uri($"/api/v1/coordination/requests/{created.RequestId}", UriKind.Relative), Ct);
            await staff.PostAsJsonAsync($"/api/v1/requests/{created.RequestId}/triage", new { outcome = "accepted" }, Ct);
        }

        await person.DeleteAsync(new Uri("/api/v1/beneficiary/me", UriKind.Relative), Ct);
        var logs = App.Logs.All;
        foreach (var secret in new[] { marker, created.AccessCode, created.AccessCode.Replace("-", string.Empty, StringComparison.Ordinal)[5..], "06 11 22 33 44", "127.0.0.1", "::1" })
        {
            Assert.DoesNotContain(secret, logs, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Triage_Accept_ThenAgain_Returns409()
    {
        var created = await App.CreateRequestAsync();
        var coordinator = await App.CreateStaffAsync(Roles.Coordinator);
        using var staff = await App.ApiClientAsAsync(coordinator);
        var accept = await staff.PostAsJsonAsync($"/api/v1/requests/{created.RequestId}/triage", new { outcome = "accepted" }, Ct);
        Assert.Equal(HttpStatusCode.OK, accept.StatusCode);
        Assert.Equal("accepted", (await accept.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await staff.PostAsJsonAsync($"/api/v1/requests/{created.RequestId}/triage", new { outcome = "declined", reason = "x" }, Ct)).StatusCode);
    }

    [Fact]
    public async Task Triage_SignpostOrDeclineWithoutDetails_Returns400()
    {
        var created = await App.CreateRequestAsync();
        var coordinator = await App.CreateStaffAsync(Roles.Coordinator);
        using var staff = await App.ApiClientAsAsync(coordinator);
        var signpost = await staff.PostAsJsonAsync($"/api/v1/requests/{created.RequestId}/triage", new { outcome = "signposted" }, Ct);
        Assert.True((await signpost.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").TryGetProperty("signpostedTo", out _));
        var decline = await staff.PostAsJsonAsync($"/api/v1/requests/{created.RequestId}/triage", new { outcome = "declined" }, Ct);
        Assert.True((await decline.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").TryGetProperty("reason", out _));
        var none = await staff.PostAsJsonAsync($"/api/v1/requests/{created.RequestId}/triage", new { }, Ct);
        Assert.True((await none.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").TryGetProperty("outcome", out _));
        Assert.Equal(HttpStatusCode.NotFound, (await staff.PostAsJsonAsync($"/api/v1/requests/{Guid.NewGuid()}/triage", new { outcome = "accepted" }, Ct)).StatusCode);
    }

    [Fact]
    public async Task Signposting_ThePersonReadsWhereToGoAndTheConversation()
    {
        var created = await App.CreateRequestAsync();
        var coordinator = await App.CreateStaffAsync(Roles.Coordinator);
        using var staff = await App.ApiClientAsAsync(coordinator);
        await staff.PostAsJsonAsync($"/api/v1/coordination/requests/{created.RequestId}/messages", new { text = "Pouvez-vous venir 1 h 30 ?" }, Ct);
        var triage = await staff.PostAsJsonAsync($"/api/v1/requests/{created.RequestId}/triage",
            new { outcome = "signposted", signpostedTo = "labour_inspectorate", reason = "L'inspection du travail de votre département peut vous aider." }, Ct);
        Assert.Equal(HttpStatusCode.OK, triage.StatusCode);

        using var person = await App.BeneficiaryClientAsync(created.AccessCode);
        var reply = await person.PostAsJsonAsync($"/api/v1/beneficiary/requests/{created.RequestId}/messages", new { text = "Merci, oui." }, Ct);
        Assert.Equal(HttpStatusCode.Created, reply.StatusCode);
        var request = (await person.GetFromJsonAsync<JsonElement>("/api/v1/beneficiary/me", Ct)).GetProperty("requests")[0];
        Assert.Equal("signposted", request.GetProperty("status").GetString());
        Assert.Equal("labour_inspectorate", request.GetProperty("signpostedTo").GetString());
        Assert.StartsWith("L'inspection", request.GetProperty("outcomeText").GetString(), StringComparison.Ordinal);
        Assert.Equal(["Pouvez-vous venir 1 h 30 ?", "Merci, oui."], request.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("text").GetString()).ToArray());

        var seen = await staff.GetFromJsonAsync<JsonElement>($"/api/v1/coordination/requests/{created.RequestId}", Ct);
        Assert.Equal(2, seen.GetProperty("messages").GetArrayLength());
    }

    [Theory]
    [InlineData(Roles.Practitioner)]
    [InlineData(Roles.OrganisationContact)]
    [InlineData(Roles.Administrator)]
    public async Task CoordinationEndpoints_AsOtherStaff_Return404(string role)
    {
        var created = await App.CreateRequestAsync();
        var staff = await App.CreateStaffAsync(role);
        using var client = await App.ApiClientAsAsync(staff);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsJsonAsync($"/api/v1/requests/{created.RequestId}/triage", new { outcome = "accepted" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(new Uri($"/api/v1/coordination/requests/{created.RequestId}", UriKind.Relative), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(new Uri("/api/v1/beneficiary/me", UriKind.Relative), Ct)).StatusCode);
    }

    [Fact]
    public async Task AnotherBeneficiary_CannotWriteToOrTriageSomeoneElsesRequest()
    {
        var mine = await App.CreateRequestAsync();
        var theirs = await App.CreateRequestAsync();
        using var client = await App.BeneficiaryClientAsync(mine.AccessCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsJsonAsync($"/api/v1/beneficiary/requests/{theirs.RequestId}/messages", new { text = "hello" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsJsonAsync($"/api/v1/requests/{theirs.RequestId}/triage", new { outcome = "accepted" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(new Uri($"/api/v1/coordination/requests/{theirs.RequestId}", UriKind.Relative), Ct)).StatusCode);
        var me = await client.GetFromJsonAsync<JsonElement>("/api/v1/beneficiary/me", Ct);
        Assert.Single(me.GetProperty("requests").EnumerateArray());
    }

    [Fact]
    public async Task Queue_OrdersUrgentFirstThenOldest_AndFlagsOverdueUrgent()
    {
        var calm = await App.CreateRequestAsync();
        App.Clock.AdvanceMinutes(1);
        var urgent = await App.CreateRequestAsync(new { themes = new[] { "violence" }, modality = "phone", crisis = true });
        var coordinator = await App.CreateStaffAsync(Roles.Coordinator);
        App.Clock.AdvanceHours(25);
        using var staff = await App.ApiClientAsAsync(coordinator);
        var queue = (await staff.GetFromJsonAsync<JsonElement>("/api/v1/coordination/requests", Ct)).EnumerateArray().ToList();
        var ids = queue.Select(q => q.GetProperty("requestId").GetGuid()).ToList();
        Assert.True(ids.IndexOf(urgent.RequestId) < ids.IndexOf(calm.RequestId));
        Assert.True(queue.Where(q => q.GetProperty("urgent").GetBoolean()).All(q => q.GetProperty("overdue").GetBoolean()));
    }
}

public sealed class RequestApiTestsOnSqlite(SqliteFixture fixture) : RequestApiTests(fixture), IClassFixture<SqliteFixture>;

public sealed class RequestApiTestsOnPostgres(PostgresFixture fixture) : RequestApiTests(fixture), IClassFixture<PostgresFixture>;
