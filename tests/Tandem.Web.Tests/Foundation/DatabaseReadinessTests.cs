using Microsoft.AspNetCore.Http;
using Tandem.Web.Hosting;

namespace Tandem.Web.Tests.Foundation;

/// <summary>The gate a request meets while the start's database work runs (<see cref="DatabaseReadiness"/>).</summary>
public sealed class DatabaseReadinessTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ARequestDuringTheStart_WaitsForTheDatabase_ThenGoesOn()
    {
        var work = new TaskCompletionSource();
        var runs = 0;
        var readiness = new DatabaseReadiness(() => { Interlocked.Increment(ref runs); return work.Task; });
        var reached = 0;
        var gate = readiness.Gate(_ => { Interlocked.Increment(ref reached); return Task.CompletedTask; });
        var context = new DefaultHttpContext();

        var passing = gate(context);
        await Task.Delay(200, Ct);
        Assert.False(passing.IsCompleted);
        Assert.Equal(0, reached);

        work.SetResult();
        await passing.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        Assert.Equal(1, reached);
        Assert.Equal(StatusCodes.Status200OK, context.Response.StatusCode);

        // Once ready, a request goes straight on, and the work ran once however many asked.
        await gate(new DefaultHttpContext());
        _ = readiness.Begin();
        Assert.Equal(2, reached);
        Assert.Equal(1, runs);
    }

    [Fact]
    public async Task ARequestDuringAStartThatFails_IsAnswered503_AndGoesNoFurther()
    {
        var readiness = new DatabaseReadiness(() => Task.FromException(new InvalidOperationException("the database is unreachable")));
        var reached = false;
        var gate = readiness.Gate(_ => { reached = true; return Task.CompletedTask; });
        var context = new DefaultHttpContext();

        await gate(context).WaitAsync(TimeSpan.FromSeconds(10), Ct);

        Assert.False(reached);
        Assert.Equal(StatusCodes.Status503ServiceUnavailable, context.Response.StatusCode);
        Assert.False(await readiness.WaitAsync(Ct));
        await Assert.ThrowsAsync<InvalidOperationException>(() => readiness.Begin());
    }
}
