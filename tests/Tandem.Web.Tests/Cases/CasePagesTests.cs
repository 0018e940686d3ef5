using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Tandem.Core.Data;
using Tandem.Core.Security;
using Tandem.Web.Tests.Support;

namespace Tandem.Web.Tests.Cases;

public abstract class CasePagesTests(AppFixture fixture) : AppTests(fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<PageClient> SpaceAsync(string code)
    {
        var client = App.CreatePageClient();
        await client.GetAsync("/mon-espace/connexion");
        await client.FollowAsync(await client.PostFormAsync("/mon-espace/connexion", new Dictionary<string, string?> { ["AccessCode"] = code }));
        return client;
    }

    [Fact]
    public async Task CasePage_IsThePairs_RecordAndNoteByForm_EveryoneElseGets404()
    {
        var @case = await App.BookedCaseAsync();
        var path = $"/espace/dossiers/{@case.Request.RequestId}";
        foreach (var outsider in new[]
        {
            await App.CreateStaffAsync(Roles.Coordinator),
            await App.CreateStaffAsync(Roles.Administrator),
            await App.CreatePractitionerAsync("Autre " + @case.Tag, "coach", Core.Requests.Modality.Video),
        })
        {
            using var pages = await App.PagesAsAsync(outsider);
            Assert.Equal(HttpStatusCode.NotFound, (await pages.GetAsync(path)).StatusCode);
        }

        App.Clock.Reset(@case.End + Duration.FromMinutes(1));
        using var pair = await App.PagesAsAsync(@case.Psychologist);
        Assert.Equal(HttpStatusCode.OK, (await pair.GetAsync("/espace/dossiers")).StatusCode);
        Assert.Contains(@case.Request.RequestId.ToString()[..8], pair.LastHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await pair.GetAsync(path)).StatusCode);
        Assert.Contains("Intensité et temps de travail", pair.LastHtml, StringComparison.Ordinal);

        var bad = await pair.PostFormAsync($"{path}?handler=Record&appointmentId={@case.AppointmentId}", new Dictionary<string, string?> { ["held"] = "true", ["durationMinutes"] = "0", ["nextStep"] = "closed" });
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        Assert.Contains("Indiquez une durée entre 1 et 480 minutes.", pair.LastHtml, StringComparison.Ordinal);

        var saved = await pair.PostFormAsync($"{path}?handler=Record&appointmentId={@case.AppointmentId}", new Dictionary<string, string?>
        {
            ["held"] = "true",
            ["durationMinutes"] = "85",
            ["themes"] = "conflict",
            ["axis_value_conflicts"] = "major",
            ["nextStep"] = "referral",
        });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        await pair.FollowAsync(saved);
        await pair.FollowAsync(await pair.PostFormAsync($"{path}?handler=Note", new Dictionary<string, string?> { ["text"] = "Note <b>écrite</b> au formulaire." }));
        Assert.Contains("Note &lt;b&gt;écrite&lt;/b&gt; au formulaire.", pair.LastHtml, StringComparison.Ordinal);

        await using var scope = App.Scope();
        var db = scope.ServiceProvider.GetRequiredService<TandemDbContext>();
        var record = await db.InterviewRecords.Include(r => r.Axes).SingleAsync(r => r.AppointmentId == @case.AppointmentId, Ct);
        Assert.Equal(85, record.DurationMinutes);
        Assert.Equal(Core.Cases.AxisLevel.Major, record.Axes.Single(a => a.Axis == "value_conflicts").Level);

        // Each showing of the page is one audit entry: the case opened, with the number of notes shown; outsiders leave none.
        var opened = await db.AuditEntries.AsNoTracking().Where(e => e.Target == @case.Request.RequestId.ToString() && e.Action == "case.opened").OrderBy(e => e.Sequence).ToListAsync(Ct);
        Assert.All(opened, e => Assert.Equal($"staff:{@case.Psychologist.Id:D}", e.Actor));
        Assert.Equal(4, opened.Count);
        Assert.Contains("\"notes_read\":\"1\"", opened[^1].Details, StringComparison.Ordinal);
        Assert.DoesNotContain("écrite", opened[^1].Details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ThePerson_AnswersAReferralAndTheWho5_InTheirSpace()
    {
        var @case = await App.BookedCaseAsync();
        var social = await App.CreatePractitionerAsync("Assistante " + @case.Tag, "social_worker", Core.Requests.Modality.Video);
        using (var psychologist = await App.ApiClientAsAsync(@case.Psychologist))
        {
            var target = (await psychologist.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/v1/cases/{@case.Request.RequestId}/referral-candidates", Ct))
                .EnumerateArray().Single(c => c.GetProperty("name").GetString() == "Assistante " + @case.Tag).GetProperty("practitionerId").GetGuid();
            (await psychologist.PostAsJsonAsync($"/api/v1/cases/{@case.Request.RequestId}/referrals", new { toPractitionerId = target, handOver = "Loyer impayé." }, Ct)).EnsureSuccessStatusCode();
        }

        using var space = await SpaceAsync(@case.Request.AccessCode);
        Assert.Contains("Assistante " + @case.Tag, space.LastHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("Loyer impayé", space.LastHtml, StringComparison.Ordinal);
        var referralId = await ReferralIdAsync(@case.Request.RequestId);
        await space.FollowAsync(await space.PostFormAsync($"/mon-espace?handler=Referral&referralId={referralId}", new Dictionary<string, string?> { ["accepted"] = "true" }));
        Assert.Contains("Vous avez accepté", space.LastHtml, StringComparison.Ordinal);

        using (var socialPages = await App.PagesAsAsync(social))
        {
            Assert.Equal(HttpStatusCode.OK, (await socialPages.GetAsync("/espace/orientations")).StatusCode);
            Assert.Contains("Loyer impayé.", socialPages.LastHtml, StringComparison.Ordinal);
        }

        // The WHO-5: offered before the first interview, incomplete answers are refused in French, then scored.
        await space.GetAsync("/mon-espace");
        Assert.Contains("/mon-espace/bien-etre/", space.LastHtml, StringComparison.Ordinal);
        var form = $"/mon-espace/bien-etre/{@case.Request.RequestId}?moment=before_first";
        Assert.Equal(HttpStatusCode.OK, (await space.GetAsync(form)).StatusCode);
        Assert.Contains("Je me suis senti·e calme et tranquille", space.LastHtml, StringComparison.Ordinal);
        var partial = await space.PostFormAsync(form, new Dictionary<string, string?> { ["moment"] = "before_first", ["item1"] = "3" });
        Assert.Equal(HttpStatusCode.OK, partial.StatusCode);
        Assert.Contains("Répondez aux cinq affirmations.", space.LastHtml, StringComparison.Ordinal);
        var done = await space.PostFormAsync(form, new Dictionary<string, string?> { ["moment"] = "before_first", ["item1"] = "5", ["item2"] = "4", ["item3"] = "3", ["item4"] = "2", ["item5"] = "1" });
        await space.FollowAsync(done);
        Assert.Contains("Merci. Votre score : 60 / 100.", space.LastHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await space.GetAsync(form)).StatusCode);
    }

    private async Task<Guid> ReferralIdAsync(Guid requestId)
    {
        await using var scope = App.Scope();
        return await scope.ServiceProvider.GetRequiredService<TandemDbContext>().Referrals.Where(r => r.RequestId == requestId).Select(r => r.Id).SingleAsync(Ct);
    }
}

public sealed class CasePagesTestsOnSqlite(SqliteFixture fixture) : CasePagesTests(fixture), IClassFixture<SqliteFixture>;

public sealed class CasePagesTestsOnPostgres(PostgresFixture fixture) : CasePagesTests(fixture), IClassFixture<PostgresFixture>;
