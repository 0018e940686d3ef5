using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Tandem.Core.Data;
using Tandem.Core.Security;
using Tandem.Core.Security.Encryption;
using Tandem.Dataset;
using Tandem.Web.Tests.Support;

namespace Tandem.Web.Tests.Performance;

/// <summary>
/// The dataset generator of issue 8, at a small scale on each database: it lands on the scale's
/// totals, never books a practitioner twice, gives the same content for the same seed on either
/// database, and what it writes is data the app itself reads (codes open spaces, staff sign in,
/// slots are offered and booked, indicators are computed).
/// </summary>
public abstract class DatasetTests(AppFixture fixture) : AppTests(fixture)
{
    private const int Seed = 7;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SmallScale_LandsOnItsTotals_WithoutOverlap_Deterministically_AndTheAppReadsIt()
    {
        var scale = DatasetScale.Small;
        var anchor = App.Clock.GetCurrentInstant().InZone(DateTimeZoneProviders.Tzdb["Europe/Paris"]).Date;
        DatasetManifest manifest;
        await using (var scope = App.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TandemDbContext>();
            manifest = await new DatasetGenerator(db, scope.ServiceProvider.GetRequiredService<EnvelopeCrypto>(), scale, Seed, anchor).GenerateAsync(Ct);

            Assert.Equal(scale.Requests, await db.Requests.CountAsync(Ct));
            Assert.Equal(scale.Practitioners, await db.PractitionerProfiles.CountAsync(Ct));
            Assert.Equal(scale.Organisations, await db.Organisations.CountAsync(Ct));
            Assert.Equal(scale.Calls, await db.HotlineCalls.CountAsync(Ct));
            Assert.Equal(scale.LargestDepartments, manifest.Counts["departments of the largest"]);
            Assert.InRange(await db.Appointments.CountAsync(Ct), scale.Appointments * 0.9, scale.Appointments * 1.1);
            Assert.InRange(await db.CaseNotes.CountAsync(Ct), scale.Notes * 0.9, scale.Notes * 1.1);
            Assert.Equal(scale.SignInSpaces, manifest.Spaces.Count);
            Assert.Equal(scale.BookableRequests, manifest.BookableRequests.Count);

            var bookings = await db.PractitionerBookings.AsNoTracking().Select(b => new { b.PractitionerId, b.Start, b.End }).ToListAsync(Ct);
            var overlaps = bookings.GroupBy(b => b.PractitionerId)
                .Sum(g => g.OrderBy(b => b.Start).Zip(g.OrderBy(b => b.Start).Skip(1)).Count(p => p.Second.Start < p.First.End));
            Assert.Equal(0, overlaps);
            Assert.True(bookings.Count > scale.Appointments, "Each interview books two practitioners.");

            // The same seed and day give the same content on a fresh SQLite database, whatever this one is.
            await using var other = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
            var options = TandemDatabase.Configure(new DbContextOptionsBuilder<TandemDbContext>(), DatabaseProvider.Sqlite, other.ConnectionString).Options;
            await using var second = new TandemDbContext((DbContextOptions<TandemDbContext>)options);
            await second.Database.MigrateAsync(Ct);
            await new DatasetGenerator(second, scope.ServiceProvider.GetRequiredService<EnvelopeCrypto>(), scale, Seed, anchor).GenerateAsync(Ct);
            Assert.Equal(await FingerprintAsync(db), await FingerprintAsync(second));
        }

        // The people of the manifest open their spaces with their codes.
        foreach (var space in manifest.Spaces)
        {
            using var person = await App.BeneficiaryClientAsync(space.AccessCode);
            var me = await person.GetFromJsonAsync<JsonElement>("/api/v1/beneficiary/me", Ct);
            Assert.Contains(me.GetProperty("requests").EnumerateArray(), r => r.GetProperty("requestId").GetGuid() == space.RequestId);
        }

        // The coordination signs in, is offered slots for a bookable request and books one.
        var handle = manifest.Staff.First(s => s.Role == Roles.Coordinator);
        using var coordination = await App.ApiClientAsAsync(new TestStaff(handle.UserId, handle.Email, manifest.StaffPassword, handle.TotpSecret, handle.Role));
        var bookable = manifest.BookableRequests[0].Id;
        var offered = await coordination.GetAsync($"/api/v1/requests/{bookable}/slots", Ct);
        Assert.True(offered.IsSuccessStatusCode, await offered.Content.ReadAsStringAsync(Ct));
        var slots = await offered.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.True(slots.GetArrayLength() > 0, "A bookable request is offered slots.");
        var booked = await coordination.PostAsJsonAsync($"/api/v1/requests/{bookable}/appointments", new { slotId = slots[0].GetProperty("slotId").GetString() }, Ct);
        Assert.Equal(HttpStatusCode.Created, booked.StatusCode);
        Assert.True((await coordination.GetFromJsonAsync<JsonElement>("/api/v1/coordination/requests", Ct)).GetArrayLength() > 0, "The last day's requests wait in the queue.");

        // The largest organisation's last closed year is computed from the generated events.
        var year = await coordination.GetFromJsonAsync<JsonElement>(
            $"/api/v1/organisations/{manifest.LargestOrganisation}/indicators?period={manifest.LargestOrganisationYear}", Ct);
        Assert.False(year.GetProperty("withheld").GetBoolean());
        Assert.True(year.GetProperty("total").GetInt32() > 0);
    }

    /// <summary>A hash of what was drawn: requests, their themes and interviews, in a stable order.</summary>
    private static async Task<string> FingerprintAsync(TandemDbContext db)
    {
        var requests = await db.Requests.AsNoTracking()
            .Select(r => new { r.Id, r.CreatedAt, r.Status, r.Modality, r.OrganisationId, r.DepartmentId, Themes = r.Themes.Select(t => t.Code).ToList() })
            .ToListAsync(Ct);
        var appointments = await db.Appointments.AsNoTracking().Select(a => new { a.Id, a.RequestId, a.Start, a.FirstPractitionerId, a.SecondPractitionerId, a.Attendance }).ToListAsync(Ct);
        var text = new StringBuilder();
        foreach (var r in requests.OrderBy(r => r.Id))
        {
            text.Append(FormattableString.Invariant($"{r.Id}|{r.CreatedAt}|{r.Status}|{r.Modality}|{r.OrganisationId}|{r.DepartmentId}|{string.Join(',', r.Themes.Order(StringComparer.Ordinal))}\n"));
        }

        foreach (var a in appointments.OrderBy(a => a.Id))
        {
            text.Append(FormattableString.Invariant($"{a.Id}|{a.RequestId}|{a.Start}|{a.FirstPractitionerId}|{a.SecondPractitionerId}|{a.Attendance}\n"));
        }

        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}

public sealed class DatasetTestsOnSqlite(SqliteFixture fixture) : DatasetTests(fixture), IClassFixture<SqliteFixture>;

public sealed class DatasetTestsOnPostgres(PostgresFixture fixture) : DatasetTests(fixture), IClassFixture<PostgresFixture>;
