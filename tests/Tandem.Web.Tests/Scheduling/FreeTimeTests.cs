using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Text;
using Tandem.Core.Data;
using Tandem.Core.Scheduling;
using Tandem.Core.Security;
using Tandem.Web.Tests.Support;

namespace Tandem.Web.Tests.Scheduling;

/// <summary>
/// Slot search keeps everyone's free time between searches (issue 8). What changes through the app
/// is offered at once, whichever way it is written (a saved row, a bulk statement, a cancellation,
/// a deactivation), on this instance or, on PostgreSQL, on another one; what changes behind its back
/// is offered within the configured seconds; and the kept copy always gives the very list a fresh
/// read of the database gives.
/// </summary>
public abstract class FreeTimeTests(AppFixture fixture) : AppTests(fixture)
{
    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task KeptFreeTime_SeesEveryChangeMadeThroughTheApp_AtOnce_AndListsWhatAFreshReadLists()
    {
        var (tag, psychologist, coach) = await App.PairWithStaffAsync();
        var (request, coordination) = await App.AcceptedRequestAsync();
        using var _ = coordination;
        var first = await SchedulingHelpers.FirstSlotOfAsync(coordination, request.RequestId, tag);
        await AssertSameAsFreshReadAsync(request.RequestId);

        // A booking of the pair, for another request, takes its time out of every list at once.
        var (other, _) = await App.AcceptedRequestAsync(coordination);
        var booked = await coordination.PostAsJsonAsync($"/api/v1/requests/{other.RequestId}/appointments", new { slotId = first.GetProperty("slotId").GetString() }, Ct);
        Assert.Equal(HttpStatusCode.Created, booked.StatusCode);
        Assert.DoesNotContain(await StartsOfAsync(coordination, request.RequestId, tag), s => s == Start(first));
        await AssertSameAsFreshReadAsync(request.RequestId);

        // Cancelled (a bulk statement): offered again at once.
        var appointment = (await booked.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("appointmentId").GetGuid();
        Assert.True((await coordination.PostAsJsonAsync($"/api/v1/appointments/{appointment}/cancel", new { }, Ct)).IsSuccessStatusCode);
        Assert.Contains(await StartsOfAsync(coordination, request.RequestId, tag), s => s == Start(first));
        await AssertSameAsFreshReadAsync(request.RequestId);

        // Leave taken over that slot by one of the pair: gone at once.
        using var psychologistApi = await App.ApiClientAsAsync(psychologist);
        var leave = await TakeLeaveOverAsync(psychologistApi, psychologist.Id, first);
        Assert.Equal(HttpStatusCode.Created, leave.StatusCode);
        Assert.DoesNotContain(await StartsOfAsync(coordination, request.RequestId, tag), s => s == Start(first));
        await AssertSameAsFreshReadAsync(request.RequestId);

        // The leave removed (a bulk delete): back at once.
        var leaveId = (await leave.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();
        Assert.True((await psychologistApi.DeleteAsync($"/api/v1/practitioners/{psychologist.Id}/availability/{leaveId}", Ct)).IsSuccessStatusCode);
        Assert.Contains(await StartsOfAsync(coordination, request.RequestId, tag), s => s == Start(first));

        // The coach's account deactivated: the pair is offered no more.
        using var admin = await App.ApiClientAsAsync(await App.CreateStaffAsync(Roles.Administrator));
        Assert.True((await admin.PostAsJsonAsync($"/api/v1/admin/staff/{coach.Id}/deactivate", new { }, Ct)).IsSuccessStatusCode);
        Assert.Empty(await StartsOfAsync(coordination, request.RequestId, tag));
        await AssertSameAsFreshReadAsync(request.RequestId);
    }

    [Fact]
    public async Task AChangeMadeBehindTheAppsBack_IsOffered_WithinTheConfiguredSeconds()
    {
        var (tag, psychologist, _) = await App.PairWithStaffAsync();
        var (request, coordination) = await App.AcceptedRequestAsync();
        using var _ = coordination;

        // On PostgreSQL, once the instance hears the others: beginning to hear them makes the next search read everyone.
        await WaitForAsync(() => Task.FromResult(App.Services.GetRequiredService<FreeTimeNotices>().Heard));
        Assert.NotEmpty(await StartsOfAsync(coordination, request.RequestId, tag));

        // Another instance (or a hand in the database) puts the psychologist on leave for the whole period: this
        // context has none of the app's interceptors, so nothing tells the kept copy.
        var now = App.Clock.GetCurrentInstant();
        var options = new DbContextOptionsBuilder<TandemDbContext>();
        TandemDatabase.Configure(options, Fixture.Database.Provider, Fixture.Database.ConnectionString);
        await using (var elsewhere = new TandemDbContext(options.Options))
        {
            var profile = await elsewhere.PractitionerProfiles.Where(p => p.UserId == psychologist.Id).Select(p => p.Id).SingleAsync(Ct);
            elsewhere.PractitionerLeaves.Add(new PractitionerLeave { Id = Guid.NewGuid(), PractitionerId = profile, Start = now, End = now + Duration.FromDays(120) });
            await elsewhere.SaveChangesAsync(Ct);
        }

        Assert.NotEmpty(await StartsOfAsync(coordination, request.RequestId, tag));
        var seconds = App.Services.GetRequiredService<SchedulingSettings>().FreeTimeSeconds;
        App.Clock.Advance(Duration.FromSeconds(seconds));
        Assert.Empty(await StartsOfAsync(coordination, request.RequestId, tag));
        await AssertSameAsFreshReadAsync(request.RequestId);
    }

    protected static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 100; i++)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(100, Ct);
        }

        Assert.Fail("timed out");
    }

    /// <summary>Leave over the slot's time, from an hour before it to four hours after its start.</summary>
    protected static Task<HttpResponseMessage> TakeLeaveOverAsync(HttpClient practitioner, Guid practitionerId, JsonElement slot) =>
        practitioner.PostAsJsonAsync($"/api/v1/practitioners/{practitionerId}/availability/leaves", new
        {
            start = InstantPattern.ExtendedIso.Format(Start(slot) - Duration.FromHours(1)),
            end = InstantPattern.ExtendedIso.Format(Start(slot) + Duration.FromHours(4)),
        }, Ct);

    protected static Instant Start(JsonElement slot) => InstantPattern.ExtendedIso.Parse(slot.GetProperty("start").GetString()!).Value;

    protected static async Task<List<Instant>> StartsOfAsync(HttpClient client, Guid requestId, string tag) =>
        (await SchedulingHelpers.SlotsOfPairAsync(client, requestId, tag)).Select(Start).ToList();

    /// <summary>The list offered from the kept copy is the one a copy read whole right now gives, slot for slot.</summary>
    private async Task AssertSameAsFreshReadAsync(Guid requestId)
    {
        await using var scope = App.Scope();
        var kept = await scope.ServiceProvider.GetRequiredService<RequestSlots>().OfferAsync(requestId, null, Ct);
        var settings = scope.ServiceProvider.GetRequiredService<SchedulingSettings>();
        var readWhole = new FreeTimeCache(new SchedulingSettings { TimeZone = settings.TimeZone, WeeksAhead = settings.WeeksAhead, SecondInterviewToDays = settings.SecondInterviewToDays, FreeTimeSeconds = 0 }, App.Clock, new FreeTimeNotices(shared: false));
        var fresh = await ActivatorUtilities.CreateInstance<RequestSlots>(scope.ServiceProvider, readWhole).OfferAsync(requestId, null, Ct);
        Assert.True(kept.Succeeded && fresh.Succeeded);
        Assert.Equal(fresh.Value!.Slots.Select(s => s.SlotId), kept.Value!.Slots.Select(s => s.SlotId));
    }
}

public sealed class FreeTimeTestsOnSqlite(SqliteFixture fixture) : FreeTimeTests(fixture), IClassFixture<SqliteFixture>;

public sealed class FreeTimeTestsOnPostgres(PostgresFixture fixture) : FreeTimeTests(fixture), IClassFixture<PostgresFixture>
{
    [Fact]
    public async Task ATimeTakenOnAnotherInstance_IsOfferedNoMore_LongBeforeTheWholeCopyIsReadAgain()
    {
        var (tag, psychologist, _) = await App.PairWithStaffAsync();
        var (request, coordination) = await App.AcceptedRequestAsync();
        using var _ = coordination;
        await using var other = new TandemApp(Fixture.Database, App.Clock);
        using var there = other.CreateApiClient();
        there.DefaultRequestHeaders.Authorization = coordination.DefaultRequestHeaders.Authorization;
        await WaitForAsync(() => Task.FromResult(App.Services.GetRequiredService<FreeTimeNotices>().Heard && other.Services.GetRequiredService<FreeTimeNotices>().Heard));

        // The other instance keeps its copy: the clock stands still, so it is never too old to use.
        var first = await SchedulingHelpers.FirstSlotOfAsync(there, request.RequestId, tag);
        Assert.True(other.Services.GetRequiredService<SchedulingSettings>().FreeTimeSeconds > 0);

        // Leave taken through this instance over that slot: the other one is told, and offers it no more.
        using var psychologistApi = await App.ApiClientAsAsync(psychologist);
        var leave = await TakeLeaveOverAsync(psychologistApi, psychologist.Id, first);
        Assert.Equal(HttpStatusCode.Created, leave.StatusCode);
        await WaitForAsync(async () => !(await StartsOfAsync(there, request.RequestId, tag)).Contains(Start(first)));

        // The leave removed (a bulk delete, announced as everyone's change): offered there again.
        var leaveId = (await leave.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();
        Assert.True((await psychologistApi.DeleteAsync($"/api/v1/practitioners/{psychologist.Id}/availability/{leaveId}", Ct)).IsSuccessStatusCode);
        await WaitForAsync(async () => (await StartsOfAsync(there, request.RequestId, tag)).Contains(Start(first)));

        // The listening connections are cut: the instances stop hearing, open them again, and are told again.
        await using (var admin = new Npgsql.NpgsqlConnection(TestDatabase.PostgresAdminConnection))
        {
            await admin.OpenAsync(Ct);
            var database = new Npgsql.NpgsqlConnectionStringBuilder(Fixture.Database.ConnectionString).Database;
            await using var cut = new Npgsql.NpgsqlCommand(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = $1 AND query LIKE 'LISTEN%'", admin)
            {
                Parameters = { new() { Value = database! } },
            };
            Assert.Equal(2L, await cut.ExecuteScalarAsync(Ct));
        }

        var notices = other.Services.GetRequiredService<FreeTimeNotices>();
        await WaitForAsync(() => Task.FromResult(!notices.Heard));
        await WaitForAsync(() => Task.FromResult(notices.Heard && App.Services.GetRequiredService<FreeTimeNotices>().Heard));
        Assert.Contains(other.Logs.Lines, l => l.Contains("Not hearing the other instances", StringComparison.Ordinal));
        leave = await TakeLeaveOverAsync(psychologistApi, psychologist.Id, first);
        Assert.Equal(HttpStatusCode.Created, leave.StatusCode);
        await WaitForAsync(async () => !(await StartsOfAsync(there, request.RequestId, tag)).Contains(Start(first)));
    }
}
