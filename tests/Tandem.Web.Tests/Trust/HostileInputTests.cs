using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tandem.Core.Data;
using Tandem.Web.Tests.Support;

namespace Tandem.Web.Tests.Trust;

/// <summary>
/// Random and malformed calls on every operation of the OpenAPI document, by actors who may or
/// may not call it: never a 5xx, never a stack trace, and nothing saved from a refused call (the
/// row count of every table is the same before and after any 4xx). The seed is fixed so a
/// failure replays; <c>TANDEM_FUZZ_SEED</c> and <c>TANDEM_FUZZ_CASES</c> run other or longer rounds.
/// </summary>
public abstract class HostileInputTests(DatabaseProvider provider)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Tables that a refused call may legitimately write: the audit of a failed sign-in, the cookie key ring, the job schedule.</summary>
    private static readonly HashSet<string> MayChangeOnRefusal = new(StringComparer.Ordinal) { "audit_entries", "DataProtectionKeys", "scheduled_jobs" };

    private static int Setting(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), out var value) ? value : fallback;

    private static int Order(string method, string path) => (method, path) switch
    {
        ("DELETE", "/api/v1/beneficiary/me") or ("POST", "/api/v1/staff/me/sessions/end") => 3,
        ("GET", _) => 0,
        ("DELETE", _) => 2,
        _ => 1,
    };

    [Fact]
    public async Task EveryOperation_UnderHostileInput_NeverAnswers5xxOrATrace_AndSavesNothingWhenItRefuses()
    {
        await using var db = await TestDatabase.CreateOrSkipAsync(provider);
        await using var app = new TandemApp(db);
        using var world = await AccessWorld.BuildAsync(app);
        using var anonymous = app.CreateApiClient();
        var document = JsonDocument.Parse(await anonymous.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative), Ct)).RootElement;
        var seed = (ulong)Setting("TANDEM_FUZZ_SEED", 20261130);
        var cases = Setting("TANDEM_FUZZ_CASES", 6);

        // Anonymous, the person, the pair's practitioner, the coordination, an administrator, a contact.
        var actors = new[] { 0, 1, 3, 5, 6, 7 }.Select(i => world.Actors[i]).ToList();
        var operations = document.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(op => (Method: op.Name.ToUpperInvariant(), Path: path.Name, Operation: op.Value)))
            .OrderBy(o => Order(o.Method, o.Path)).ThenBy(o => o.Path, StringComparer.Ordinal).ThenBy(o => o.Method, StringComparer.Ordinal)
            .ToList();
        Assert.True(operations.Count > 100, $"only {operations.Count} operations in the OpenAPI document");

        var failures = new List<string>();
        var counts = await CountsAsync(app);
        var calls = 0;
        foreach (var (method, path, operation) in operations)
        {
            var generator = HostileInput.For(method, path, operation, document, name => world.ValueOf(path, name), actors.Count);
            foreach (var call in generator.Sample(30, new Rnd(seed + (ulong)calls), cases))
            {
                calls++;
                using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(call.Path, UriKind.Relative)) { Content = HostileInput.Content(call) };
                foreach (var (name, value) in call.Headers)
                {
                    request.Headers.TryAddWithoutValidation(name, value);
                }

                using var response = await actors[call.Actor].Api.SendAsync(request, Ct);
                var text = await response.Content.ReadAsStringAsync(Ct);
                var status = (int)response.StatusCode;
                var after = await CountsAsync(app);
                if (status >= 500)
                {
                    failures.Add($"{method} {path}: {status} for {call}");
                }

                if (text.Contains("   at ", StringComparison.Ordinal) || text.Contains("Exception", StringComparison.Ordinal))
                {
                    failures.Add($"{method} {path}: a trace in the answer ({status}) for {call}");
                }

                if (status >= 400 && !after.SequenceEqual(counts))
                {
                    var changed = after.Where(kv => counts[kv.Key] != kv.Value).Select(kv => $"{kv.Key} {counts[kv.Key]}→{kv.Value}");
                    failures.Add($"{method} {path}: refused with {status} yet saved ({string.Join(", ", changed)}) for {call}");
                }

                counts = after;
            }
        }

        Assert.True(failures.Count == 0, $"seed {seed}, {calls} calls, {failures.Count} failures:\n" + string.Join('\n', failures.Take(40)));
    }

    [Fact]
    public async Task NulCharacters_InJsonFormsOrQueries_Answer400_AndSaveNothing()
    {
        await using var db = await TestDatabase.CreateOrSkipAsync(provider);
        await using var app = new TandemApp(db);
        using var api = app.CreateApiClient();
        var login = await api.PostAsync(new Uri("/api/v1/staff/login", UriKind.Relative),
            new StringContent("{\"email\":\"a\\u0000b@x.fr\",\"password\":\"x\",\"totp\":\"1\"}", System.Text.Encoding.UTF8, "application/json"), Ct);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, login.StatusCode);
        Assert.Contains("email", await login.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        var request = await api.PostAsync(new Uri("/api/v1/requests", UriKind.Relative),
            new StringContent("{\"themes\":[\"stress\"],\"modality\":\"phone\",\"message\":\"avant\\u0000après\"}", System.Text.Encoding.UTF8, "application/json"), Ct);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, request.StatusCode);

        using var pages = app.CreatePageClient();
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, (await pages.GetAsync("/demande?code=%00")).StatusCode);
        await pages.GetAsync("/demande?urgence=non");
        var form = await pages.Http.PostAsync(new Uri("/demande?handler=Prepare&urgence=non", UriKind.Relative), new FormUrlEncodedContent(
        [
            new("Crisis", "false"), new("Themes", "stress"), new("Modality", "phone"), new("Message", "avant\0après"),
            new("__af", PageClient.AntiforgeryToken(pages.LastHtml)!),
        ]), Ct);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, form.StatusCode);
        Assert.Contains("<h1>", await form.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        await using var scope = app.Scope();
        Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<TandemDbContext>().Requests.CountAsync(Ct));
    }

    /// <summary>The number of rows of every table, in one query.</summary>
    private static async Task<SortedDictionary<string, long>> CountsAsync(TandemApp app)
    {
        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<TandemDbContext>();
        var tables = db.Model.GetEntityTypes().Select(e => e.GetTableName()).OfType<string>().Where(t => !MayChangeOnRefusal.Contains(t)).Distinct().Order(StringComparer.Ordinal).ToList();
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT " + string.Join(", ", tables.Select(t => $"(SELECT COUNT(*) FROM \"{t}\")"));
        await using var reader = await command.ExecuteReaderAsync(Ct);
        await reader.ReadAsync(Ct);
        var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        for (var i = 0; i < tables.Count; i++)
        {
            counts[tables[i]] = Convert.ToInt64(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture);
        }

        return counts;
    }
}

public sealed class HostileInputTestsOnSqlite() : HostileInputTests(DatabaseProvider.Sqlite);

public sealed class HostileInputTestsOnPostgres() : HostileInputTests(DatabaseProvider.Postgres);
