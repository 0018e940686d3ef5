using Tandem.Core.Scheduling;

namespace Tandem.Core.Tests;

public sealed class FreeTimeNoticesTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ManyPractitioners_AreSentInPayloadsPostgreSQLAccepts_AndReadBackWhole()
    {
        var here = new FreeTimeNotices(shared: true);
        var there = new FreeTimeNotices(shared: true);
        here.Sending();
        var ids = Enumerable.Range(0, 1000).Select(_ => Guid.NewGuid()).ToList();
        here.Add(ids, everyone: false);

        var payloads = await here.NextAsync(Ct);
        Assert.True(payloads.Count > 1);
        Assert.All(payloads, p => Assert.True(System.Text.Encoding.UTF8.GetByteCount(p) < 8000));
        Assert.Equal(ids.Order(), payloads.SelectMany(p => there.Read(p)!).Order());

        // Its own come back to it and are left aside.
        Assert.All(payloads, p => Assert.Null(here.Read(p)));
    }

    [Fact]
    public async Task EveryonesChange_OrAFailedSend_IsReadAsEveryone()
    {
        var here = new FreeTimeNotices(shared: true);
        var there = new FreeTimeNotices(shared: true);
        here.Sending();
        here.Add([Guid.NewGuid()], everyone: true);
        Assert.Empty(there.Read(Assert.Single(await here.NextAsync(Ct)))!);

        here.Add([Guid.NewGuid()], everyone: false);
        here.Resend();
        Assert.Empty(there.Read(Assert.Single(await here.NextAsync(Ct)))!);
        Assert.Empty(there.Read("someone:not-an-id")!);
    }

    [Fact]
    public void NothingIsKept_UntilSomeoneSends_OnlyBeginningToHearDiscardsTheCopy_AndAnEmbeddedDatabaseIsHeardFromTheStart()
    {
        var shared = new FreeTimeNotices(shared: true);
        shared.Add([Guid.NewGuid()], everyone: false);
        Assert.False(shared.NextAsync(Ct).IsCompleted);
        Assert.False(shared.Heard);

        var generation = shared.Generation;
        shared.Hearing(true);
        Assert.True(shared.Heard);
        Assert.NotEqual(generation, shared.Generation);

        // Lost, and tried again in vain: the copy is used for less long, but not thrown away at each try.
        generation = shared.Generation;
        shared.Hearing(false);
        shared.Hearing(false);
        Assert.False(shared.Heard);
        Assert.Equal(generation, shared.Generation);

        Assert.True(new FreeTimeNotices(shared: false).Heard);
    }
}
