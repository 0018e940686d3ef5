using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Testing;
using Tandem.Core.Common;
using Tandem.Core.Data;
using Tandem.Core.Security;
using Tandem.Core.Staff;
using Tandem.Web.Tests.Support;

namespace Tandem.Web.Tests.Foundation;

/// <summary>
/// Two app instances on one database, as behind a load balancer. Sessions and tokens across
/// instances, bookings and group places are proven in their own classes (SeedAndInstancesTests,
/// BookingApiTests, GroupTests, ReminderMailTests, IntakeThrottlingTests); here: the periodic
/// jobs run once, and the sign-in counters are shared.
/// </summary>
public abstract class SeveralInstancesTests(DatabaseProvider provider)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly Dictionary<string, string?> CheckEverySecond = new() { ["Tandem:Jobs:CheckSeconds"] = "1" };

    private static int Count(TandemApp a, TandemApp b, string line) =>
        a.Logs.Lines.Count(l => l.Contains(line, StringComparison.Ordinal)) + b.Logs.Lines.Count(l => l.Contains(line, StringComparison.Ordinal));

    private static async Task WaitForAsync(Func<bool> condition)
    {
        for (var i = 0; i < 150 && !condition(); i++)
        {
            await Task.Delay(100, Ct);
        }

        Assert.True(condition(), "timed out");
    }

    [Fact]
    public async Task PeriodicJobs_OnTwoInstances_RunOncePerPeriod()
    {
        await using var db = await TestDatabase.CreateOrSkipAsync(provider);
        var clock = new FakeClock(TestClock.Start());
        await using var a = new TandemApp(db, clock, CheckEverySecond);
        await using var b = new TandemApp(db, clock, CheckEverySecond);
        _ = a.Server;
        _ = b.Server;

        await WaitForAsync(() => Count(a, b, "Audit chain head") >= 1 && Count(a, b, "Retention:") >= 1);

        // Both instances have asked several times since; neither ran a job a second time.
        await Task.Delay(TimeSpan.FromSeconds(3), Ct);
        Assert.Equal(1, Count(a, b, "Audit chain head"));
        Assert.Equal(1, Count(a, b, "Retention:"));

        // An hour later the head is written once more, by one of them; retention waits for its six hours.
        clock.AdvanceMinutes(61);
        await WaitForAsync(() => Count(a, b, "Audit chain head") >= 2);
        await Task.Delay(TimeSpan.FromSeconds(3), Ct);
        Assert.Equal(2, Count(a, b, "Audit chain head"));
        Assert.Equal(1, Count(a, b, "Retention:"));
    }

    [Fact]
    public async Task ScheduledJobs_ClaimedAtOnceFromTwoInstances_OneCallerWinsEachPeriod()
    {
        await using var db = await TestDatabase.CreateOrSkipAsync(provider);
        var clock = new FakeClock(TestClock.Start());
        await using var a = new TandemApp(db, clock);
        await using var b = new TandemApp(db, clock);

        async Task<int> RaceAsync()
        {
            using var start = new SemaphoreSlim(0);
            var calls = Enumerable.Range(0, 12).Select(async i =>
            {
                await using var scope = (i % 2 == 0 ? a : b).Scope();
                var jobs = scope.ServiceProvider.GetRequiredService<ScheduledJobs>();
                await start.WaitAsync(Ct);
                return await jobs.TryStartAsync("test-job", Duration.FromMinutes(10), Ct);
            }).ToList();
            start.Release(calls.Count);
            return (await Task.WhenAll(calls)).Count(won => won);
        }

        // The first run ever (the row is inserted), then a later period (the row is updated).
        Assert.Equal(1, await RaceAsync());
        Assert.Equal(0, await RaceAsync());
        clock.AdvanceMinutes(10);
        Assert.Equal(1, await RaceAsync());
    }

    [Fact]
    public async Task WrongCodesAndPasswords_SpreadOverTwoInstances_AreCountedTogether()
    {
        await using var db = await TestDatabase.CreateOrSkipAsync(provider);
        var clock = new FakeClock(TestClock.Start());
        await using var a = new TandemApp(db, clock);
        await using var b = new TandemApp(db, clock);
        using var onA = a.CreateApiClient();
        using var onB = b.CreateApiClient();

        // Failures alternate between the instances: counted per instance, neither would reach the limit.
        var space = await a.CreateRequestAsync();
        var wrong = space.AccessCode[..6] + "AAAAA-AAAAA-AAAAA-AAAAA";
        var codeAnswers = new List<HttpStatusCode>();
        for (var i = 0; i <= SignInThrottle.FreeFailures; i++)
        {
            codeAnswers.Add((await (i % 2 == 0 ? onA : onB).PostAsJsonAsync("/api/v1/beneficiary/login", new { accessCode = wrong }, Ct)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, codeAnswers[0]);
        Assert.Equal(HttpStatusCode.TooManyRequests, codeAnswers[^1]);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await onA.PostAsJsonAsync("/api/v1/beneficiary/login", new { accessCode = space.AccessCode }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await onB.PostAsJsonAsync("/api/v1/beneficiary/login", new { accessCode = space.AccessCode }, Ct)).StatusCode);

        var staff = await a.CreateStaffAsync(Roles.Coordinator);
        var passwordAnswers = new List<HttpStatusCode>();
        for (var i = 0; i <= SignInThrottle.FreeFailures; i++)
        {
            passwordAnswers.Add((await (i % 2 == 0 ? onB : onA).PostAsJsonAsync("/api/v1/staff/login", new { email = staff.Email, password = "wrong password " + i, totp = "000000" }, Ct)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, passwordAnswers[0]);
        Assert.Equal(HttpStatusCode.TooManyRequests, passwordAnswers[^1]);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await onA.PostAsJsonAsync("/api/v1/staff/login", new { email = staff.Email, password = staff.Password, totp = a.CurrentCode(staff) }, Ct)).StatusCode);
    }
}

public sealed class SeveralInstancesTestsOnSqlite() : SeveralInstancesTests(DatabaseProvider.Sqlite);

public sealed class SeveralInstancesTestsOnPostgres() : SeveralInstancesTests(DatabaseProvider.Postgres);
