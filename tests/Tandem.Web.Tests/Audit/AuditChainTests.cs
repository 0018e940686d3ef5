using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tandem.Core.Data;
using Tandem.Core.Security;
using Tandem.Core.Security.Audit;
using Tandem.Web.Hosting;
using Tandem.Web.Tests.Support;

namespace Tandem.Web.Tests.Audit;

/// <summary>Tampering tests break the chain, so each has its own database.</summary>
public abstract class AuditChainTests(DatabaseProvider provider)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<(TestDatabase Db, TandemApp App)> StartWithHistoryAsync()
    {
        var db = await TestDatabase.CreateOrSkipAsync(provider);
        var app = new TandemApp(db);
        var admin = await app.CreateStaffAsync(Roles.Administrator);
        using var client = await app.ApiClientAsAsync(admin);
        using var failing = app.CreateApiClient();
        await failing.PostAsJsonAsync("/api/v1/staff/login", new { email = admin.Email, password = "wrong wrong wrong", totp = "123456" }, Ct);
        await client.PostAsJsonAsync("/api/v1/admin/invitations", new { displayName = "Someone", email = "someone@example.fr", role = "coordinator" }, Ct);
        return (db, app);
    }

    private static async Task<AuditVerification> VerifyAsync(TandemApp app)
    {
        await using var scope = app.Scope();
        return await scope.ServiceProvider.GetRequiredService<AuditVerifier>().VerifyAsync(Ct);
    }

    [Fact]
    public async Task Chain_AfterAJourney_IsIntactAndRecordsEachPrivilegedAction()
    {
        var (db, app) = await StartWithHistoryAsync();
        await using (db)
        await using (app)
        {
            var result = await VerifyAsync(app);
            Assert.True(result.Intact, result.Problem);

            await using var scope = app.Scope();
            var actions = await scope.ServiceProvider.GetRequiredService<TandemDbContext>().AuditEntries
                .OrderBy(e => e.Sequence).Select(e => e.Action).ToListAsync(Ct);
            Assert.Contains(AuditActions.TotpEnrolled, actions);
            Assert.Contains(AuditActions.SignedIn, actions);
            Assert.Contains(AuditActions.SignInFailed, actions);
            Assert.Contains(AuditActions.Invited, actions);
            Assert.Equal(result.EntriesChecked, actions.Count);
        }
    }

    [Fact]
    public async Task Chain_WithOneEditedRow_NamesThatEntry()
    {
        var (db, app) = await StartWithHistoryAsync();
        await using (db)
        await using (app)
        {
            await using (var scope = app.Scope())
            {
                var context = scope.ServiceProvider.GetRequiredService<TandemDbContext>();
                await context.AuditEntries.Where(e => e.Sequence == 2)
                    .ExecuteUpdateAsync(s => s.SetProperty(e => e.Action, "nothing.happened"), Ct);
            }

            var result = await VerifyAsync(app);
            Assert.False(result.Intact);
            Assert.Equal(2, result.FirstBrokenSequence);

            using var output = new StringWriter();
            Assert.Equal(1, await AuditCommand.VerifyAsync(app.Services, output, Ct));
            Assert.Contains("BROKEN at entry 2", output.ToString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Chain_WithOneDeletedRow_NamesTheEntryAfterTheGap()
    {
        var (db, app) = await StartWithHistoryAsync();
        await using (db)
        await using (app)
        {
            await using (var scope = app.Scope())
            {
                var context = scope.ServiceProvider.GetRequiredService<TandemDbContext>();
                await context.AuditEntries.Where(e => e.Sequence == 3).ExecuteDeleteAsync(Ct);
            }

            var result = await VerifyAsync(app);
            Assert.False(result.Intact);
            Assert.Equal(4, result.FirstBrokenSequence);
        }
    }

    [Fact]
    public async Task VerifyCommand_OnAnIntactChain_ExitsZero()
    {
        var (db, app) = await StartWithHistoryAsync();
        await using (db)
        await using (app)
        {
            using var output = new StringWriter();
            Assert.Equal(0, await AuditCommand.VerifyAsync(app.Services, output, Ct));
            Assert.Contains("Audit chain intact", output.ToString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Append_FromManyTasksAtOnce_KeepsOneUnbrokenChain()
    {
        var (db, app) = await StartWithHistoryAsync();
        await using (db)
        await using (app)
        {
            await using var second = new TandemApp(db);
            var writers = Enumerable.Range(0, 40).Select(async i =>
            {
                var host = i % 2 == 0 ? app : second;
                await using var scope = host.Scope();
                await scope.ServiceProvider.GetRequiredService<AuditTrail>().AppendAsync(AuditTrail.System, "test.concurrent", i.ToString(System.Globalization.CultureInfo.InvariantCulture), null, Ct);
            });
            await Task.WhenAll(writers);

            var result = await VerifyAsync(app);
            Assert.True(result.Intact, result.Problem);
            await using var check = app.Scope();
            Assert.Equal(40, await check.ServiceProvider.GetRequiredService<TandemDbContext>().AuditEntries.CountAsync(e => e.Action == "test.concurrent", Ct));
        }
    }
}

public sealed class AuditChainTestsOnSqlite() : AuditChainTests(DatabaseProvider.Sqlite);

public sealed class AuditChainTestsOnPostgres() : AuditChainTests(DatabaseProvider.Postgres);
