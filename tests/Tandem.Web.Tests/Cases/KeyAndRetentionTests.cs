using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Tandem.Core.Cases;
using Tandem.Core.Data;
using Tandem.Core.Security.Encryption;
using Tandem.Web.Tests.Support;

namespace Tandem.Web.Tests.Cases;

/// <summary>Master-key rotation, crypto-shredding and retention, each on a database of its own (they move the clock or the keys).</summary>
public abstract class KeyAndRetentionTests(DatabaseProvider provider)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string Secret = "Elle parle d'un collègue qui la suit jusqu'au parking.";

    private static async Task<(DataKey Key, CaseNote Note)> CopyAsync(TandemApp app, Guid requestId)
    {
        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<TandemDbContext>();
        var key = await db.Requests.AsNoTracking().Where(r => r.Id == requestId).Select(r => r.DataKey!).SingleAsync(Ct);
        var note = await db.CaseNotes.AsNoTracking().SingleAsync(n => n.RequestId == requestId, Ct);
        return (key, note);
    }

    private static string Open(string masterKeys, (DataKey Key, CaseNote Note) copy) =>
        new EnvelopeCrypto(MasterKeys.Load(masterKeys, "unused", createFileIfMissing: false), SystemClock.Instance)
            .Open(copy.Key, copy.Note.Text, CaseNotes.Purpose(copy.Note.Id));

    [Fact]
    public async Task RotatingTheMasterKey_RewrapsEveryDataKey_NotesStayReadable_AndACopyTakenBeforeDiesWithTheOldKey()
    {
        await using var database = await TestDatabase.CreateOrSkipAsync(provider);
        var oldKey = database.MasterKey;
        var newKey = Convert.ToBase64String(MasterKeys.Generate());
        TestCase @case;
        (DataKey Key, CaseNote Note) copy;
        await using (var app = new TandemApp(database))
        {
            @case = await app.BookedCaseAsync();
            using var psychologist = await app.ApiClientAsAsync(@case.Psychologist);
            (await psychologist.PostAsJsonAsync($"/api/v1/cases/{@case.Request.RequestId}/notes", new { text = Secret }, Ct)).EnsureSuccessStatusCode();
            copy = await CopyAsync(app, @case.Request.RequestId);
        }

        await using (var rotating = new TandemApp(database, settings: new Dictionary<string, string?> { ["Tandem:MasterKey"] = $"{newKey},{oldKey}" }))
        {
            await using var scope = rotating.Scope();
            Assert.True(await scope.ServiceProvider.GetRequiredService<MasterKeyRotation>().RotateAsync(Ct) >= 2);
            var db = scope.ServiceProvider.GetRequiredService<TandemDbContext>();
            var newId = MasterKeys.IdOf(Convert.FromBase64String(newKey));
            Assert.All(await db.DataKeys.AsNoTracking().ToListAsync(Ct), k => Assert.Equal(newId, k.MasterKeyId));
            Assert.All(await db.Users.AsNoTracking().Where(u => u.TotpSecret != null).Select(u => u.TotpSecret!).ToListAsync(Ct), t => Assert.StartsWith($"sealed1:{newId}:", t, StringComparison.Ordinal));
            var note = await db.CaseNotes.AsNoTracking().SingleAsync(n => n.Id == copy.Note.Id, Ct);
            Assert.Equal(copy.Note.Text.Bytes, note.Text.Bytes);
            Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<MasterKeyRotation>().RotateAsync(Ct));
        }

        // The old key is gone from the configuration: the notes read as before.
        // (A later clock: a TOTP code is accepted once per account and time step.)
        var later = new NodaTime.Testing.FakeClock(TestClock.Start() + Duration.FromMinutes(2));
        await using (var after = new TandemApp(database, later, new Dictionary<string, string?> { ["Tandem:MasterKey"] = newKey }))
        {
            using var coach = await after.ApiClientAsAsync(@case.Coach);
            var notes = await coach.GetFromJsonAsync<JsonElement>($"/api/v1/cases/{@case.Request.RequestId}/notes", Ct);
            Assert.Equal(Secret, Assert.Single(notes.EnumerateArray()).GetProperty("text").GetString());
        }

        // A copy taken before opens with the old key only.
        Assert.Equal(Secret, Open(oldKey, copy));
        Assert.Throws<CryptographicException>(() => Open(newKey, copy));
    }

    [Fact]
    public async Task ErasingTheSpace_ShredsTheCase_EvenACopyTakenBeforeCannotBeOpenedOnceTheKeyRotated()
    {
        await using var database = await TestDatabase.CreateOrSkipAsync(provider);
        await using var app = new TandemApp(database);
        var @case = await app.BookedCaseAsync();
        using var psychologist = await app.ApiClientAsAsync(@case.Psychologist);
        (await psychologist.PostAsJsonAsync($"/api/v1/cases/{@case.Request.RequestId}/notes", new { text = Secret }, Ct)).EnsureSuccessStatusCode();
        var copy = await CopyAsync(app, @case.Request.RequestId);
        Assert.Equal(Secret, Open(database.MasterKey, copy));

        using var person = await app.BeneficiaryClientAsync(@case.Request.AccessCode);
        Assert.Equal(HttpStatusCode.NoContent, (await person.DeleteAsync("/api/v1/beneficiary/me", Ct)).StatusCode);
        await using (var scope = app.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TandemDbContext>();
            Assert.False(await db.DataKeys.AnyAsync(k => k.Id == copy.Key.Id, Ct));
            Assert.False(await db.CaseNotes.AnyAsync(n => n.RequestId == @case.Request.RequestId, Ct));
            Assert.False(await db.Appointments.AnyAsync(a => a.RequestId == @case.Request.RequestId, Ct));
        }

        Assert.Equal(HttpStatusCode.NotFound, (await psychologist.GetAsync($"/api/v1/cases/{@case.Request.RequestId}/notes", Ct)).StatusCode);

        // Rotation re-wraps what is left; the copy's key was never re-wrapped and dies with the old master key.
        var newKey = Convert.ToBase64String(MasterKeys.Generate());
        await using (var rotating = new TandemApp(database, settings: new Dictionary<string, string?> { ["Tandem:MasterKey"] = $"{newKey},{database.MasterKey}" }))
        {
            await using var scope = rotating.Scope();
            await scope.ServiceProvider.GetRequiredService<MasterKeyRotation>().RotateAsync(Ct);
        }

        Assert.Throws<CryptographicException>(() => Open(newKey, copy));
    }

    [Fact]
    public async Task Retention_DeletesExactlyWhatIsDue_WithItsKey_AndKeepsTheRest()
    {
        await using var database = await TestDatabase.CreateOrSkipAsync(provider);
        await using var app = new TandemApp(database);
        var t0 = app.Clock.GetCurrentInstant();

        // A: a request that went no further. B: a case whose pair wrote a note three months later.
        var idle = await app.CreateRequestAsync(new { themes = new[] { "stress" }, modality = "phone" });
        var @case = await app.BookedCaseAsync();
        app.Clock.Reset(t0 + Duration.FromDays(91));
        using (var pair = await app.ApiClientAsAsync(@case.Psychologist))
        {
            (await pair.PostAsJsonAsync($"/api/v1/cases/{@case.Request.RequestId}/notes", new { text = Secret }, Ct)).EnsureSuccessStatusCode();
        }

        var noteTime = app.Clock.GetCurrentInstant();
        app.Clock.Reset(t0.InUtc().LocalDateTime.PlusMonths(24).PlusDays(10).InUtc().ToInstant());
        var recent = await app.CreateRequestAsync(new { themes = new[] { "stress" }, modality = "phone" });

        async Task<(int, int)> PurgeAsync()
        {
            await using var scope = app.Scope();
            return await scope.ServiceProvider.GetRequiredService<Retention>().PurgeAsync(Ct);
        }

        async Task<HashSet<Guid>> RequestsAsync()
        {
            await using var scope = app.Scope();
            return (await scope.ServiceProvider.GetRequiredService<TandemDbContext>().Requests.Select(r => r.Id).ToListAsync(Ct)).ToHashSet();
        }

        Assert.Equal((1, 1), await PurgeAsync());
        Assert.Equal(new HashSet<Guid> { @case.Request.RequestId, recent.RequestId }, await RequestsAsync());
        Assert.Equal((0, 0), await PurgeAsync());
        using (var anonymous = app.CreateApiClient())
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/v1/beneficiary/login", new { accessCode = idle.AccessCode }, Ct)).StatusCode);
        }

        // Past 24 months after the note, the case goes too, with its notes and its key.
        app.Clock.Reset(noteTime.InUtc().LocalDateTime.PlusMonths(24).PlusDays(1).InUtc().ToInstant());
        var key = await CopyAsync(app, @case.Request.RequestId);
        Assert.Equal((1, 1), await PurgeAsync());
        Assert.Equal(new HashSet<Guid> { recent.RequestId }, await RequestsAsync());
        await using (var scope = app.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TandemDbContext>();
            Assert.False(await db.DataKeys.AnyAsync(k => k.Id == key.Key.Id, Ct));
            Assert.False(await db.CaseNotes.AnyAsync(Ct));
            Assert.False(await db.Appointments.AnyAsync(a => a.RequestId == @case.Request.RequestId, Ct));
            Assert.Equal(2, await db.AuditEntries.CountAsync(e => e.Action == "retention.deleted", Ct));
        }
    }
}

public sealed class KeyAndRetentionTestsOnSqlite() : KeyAndRetentionTests(DatabaseProvider.Sqlite);

public sealed class KeyAndRetentionTestsOnPostgres() : KeyAndRetentionTests(DatabaseProvider.Postgres);
