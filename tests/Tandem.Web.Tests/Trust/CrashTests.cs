using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tandem.Core.Data;
using Tandem.Core.Mail;
using Tandem.Core.Security;
using Tandem.Core.Security.Audit;
using Tandem.Dataset;
using Tandem.Web.Tests.Support;

namespace Tandem.Web.Tests.Trust;

/// <summary>
/// The crash harness: the app runs as its own process while people write in and the coordination
/// books interviews, several at once, and is killed with SIGKILL at a random moment; then it is
/// started again. Afterwards every write that was acknowledged is there, no practitioner is booked
/// twice at once, the audit chain verifies, and every mail of the outbox left (a resend after a
/// kill carries the same Message-Id). <c>./test.sh</c> runs one round per database;
/// <c>TANDEM_CRASH_ROUNDS=5</c> runs more.
/// </summary>
public abstract class CrashTests(DatabaseProvider provider)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly object NewRequestBody = new { themes = new[] { "stress" }, modality = "video", message = "Écrit pendant la panne." };

    [Fact]
    public async Task KilledAtRandomWhileBookingAndReceivingRequests_LosesNoAcknowledgedWrite()
    {
        TestMailbox.SkipWithoutServer();
        var rounds = int.TryParse(Environment.GetEnvironmentVariable("TANDEM_CRASH_ROUNDS"), out var r) ? r : 1;
        await using var db = await TestDatabase.CreateOrSkipAsync(provider);
        var noMail = new Dictionary<string, string?> { ["Tandem:Mail:Host"] = string.Empty };

        // Set up through an in-process instance that sends no mail: a pair with free time and requests to book.
        var toBook = new ConcurrentQueue<Guid>();
        System.Net.Http.Headers.AuthenticationHeaderValue coordination;
        await using (var setup = new TandemApp(db, settings: noMail))
        {
            await setup.PairWithStaffAsync();
            var coordinator = await setup.ApiClientAsAsync(await setup.CreateStaffAsync(Roles.Coordinator));
            coordination = coordinator.DefaultRequestHeaders.Authorization!;
            for (var i = 0; i < 24; i++)
            {
                toBook.Enqueue((await setup.AcceptedRequestAsync(coordinator)).Request.RequestId);
            }
        }

        var coordinationAddress = $"crash-{Guid.NewGuid():N}@tandem.test";
        var folder = Directory.CreateTempSubdirectory("tandem-crash-").FullName;
        var smtp = TestMailbox.Server!.Value;
        var environment = new Dictionary<string, string>
        {
            ["Tandem__Database__Provider"] = provider == DatabaseProvider.Postgres ? "postgres" : "sqlite",
            ["ConnectionStrings__Tandem"] = db.ConnectionString,
            ["Tandem__MasterKey"] = db.MasterKey,
            ["Tandem__DataDirectory"] = folder,
            ["Tandem__PrintSetupLink"] = "false",
            ["Tandem__Intake__RequestsPerClientPerHour"] = "100000",
            ["Tandem__Intake__RequestsPerHour"] = "100000",
            ["Tandem__Mail__Host"] = smtp.Host,
            ["Tandem__Mail__Port"] = smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Tandem__Mail__Security"] = "none",
            ["Tandem__Mail__PollSeconds"] = "1",
            ["Tandem__Mail__LeaseSeconds"] = "3",
            ["Tandem__Mail__CoordinationAddress"] = coordinationAddress,
        };
        var appDll = typeof(Program).Assembly.Location;
        var created = new ConcurrentBag<Guid>();
        var booked = new ConcurrentBag<Guid>();
        var random = new Random(provider == DatabaseProvider.Postgres ? 17 : 19);
        try
        {
            for (var round = 0; round < rounds; round++)
            {
                await using var app = AppProcess.Start(appDll, FreePort(), environment, Path.Combine(folder, $"round-{round}.log"));
                await app.WaitHealthyAsync(Stopwatch.StartNew(), TimeSpan.FromSeconds(60));
                using var stop = new CancellationTokenSource();
                var workers = Enumerable.Range(0, 3).Select(_ => CreateRequestsAsync(app.Address, created, stop.Token))
                    .Concat(Enumerable.Range(0, 4).Select(_ => BookAsync(app.Address, coordination, toBook, booked, stop.Token)))
                    .ToList();
                // Killed at a random moment once the round has something to lose: on a busy two-core machine the
                // first booking can take longer than a fixed few seconds (a CI round once had 44 requests, 0 bookings).
                var waited = Stopwatch.StartNew();
                while ((created.IsEmpty || booked.IsEmpty) && waited.Elapsed < TimeSpan.FromSeconds(60))
                {
                    await Task.Delay(50, Ct);
                }

                await Task.Delay(TimeSpan.FromMilliseconds(random.Next(1000, 4000)), Ct);
                await app.KillAsync();
                await stop.CancelAsync();
                await Task.WhenAll(workers);
            }

            Assert.True(!created.IsEmpty && !booked.IsEmpty, $"the round acknowledged {created.Count} requests and {booked.Count} bookings: too short to prove anything");

            // Once more, to let the outbox finish what the kills interrupted.
            await using (var last = AppProcess.Start(appDll, FreePort(), environment, Path.Combine(folder, "drain.log")))
            {
                await last.WaitHealthyAsync(Stopwatch.StartNew(), TimeSpan.FromSeconds(60));
                await using var check = new TandemApp(db, settings: noMail);
                for (var i = 0; i < 100 && await check.InDbAsync(d => d.OutboxMessages.AnyAsync(m => m.State == OutboxState.Pending, Ct)); i++)
                {
                    await Task.Delay(200, Ct);
                }
            }

            await using var verify = new TandemApp(db, settings: noMail);
            var createdIds = created.ToList();
            Assert.Equal(createdIds.Count, await verify.InDbAsync(d => d.Requests.CountAsync(x => createdIds.Contains(x.Id), Ct)));
            var bookedIds = booked.ToList();
            Assert.Equal(bookedIds.Count, await verify.InDbAsync(d => d.Appointments.CountAsync(a => bookedIds.Contains(a.Id) && a.CancelledAt == null, Ct)));

            // No practitioner is in two interviews at once.
            var live = await verify.InDbAsync(d => d.Appointments.AsNoTracking().Where(a => a.CancelledAt == null).Select(a => new { a.Start, a.End, a.FirstPractitionerId, a.SecondPractitionerId }).ToListAsync(Ct));
            var perPractitioner = live.SelectMany(a => new[] { (a.FirstPractitionerId, a.Start, a.End), (a.SecondPractitionerId, a.Start, a.End) }).GroupBy(x => x.Item1);
            foreach (var practitioner in perPractitioner)
            {
                var ordered = practitioner.OrderBy(x => x.Start).ToList();
                Assert.All(ordered.Zip(ordered.Skip(1)), pair => Assert.True(pair.First.End <= pair.Second.Start, "a practitioner is booked twice at once"));
            }

            await using (var scope = verify.Scope())
            {
                var chain = await scope.ServiceProvider.GetRequiredService<AuditVerifier>().VerifyAsync(Ct);
                Assert.True(chain.Intact, $"audit chain broken at {chain.FirstBrokenSequence}: {chain.Problem}");
            }

            // Every "new request" notice left, once or, after a kill between the server's answer and the update, twice with one Message-Id.
            var outbox = await verify.InDbAsync(d => d.OutboxMessages.AsNoTracking().Where(m => m.Kind == OutboxKind.NewRequest).ToListAsync(Ct));
            Assert.True(outbox.Count >= createdIds.Count);
            Assert.All(outbox, m => Assert.Equal(OutboxState.Sent, m.State));
            var received = (await TestMailbox.WaitForAsync(coordinationAddress, outbox.Count)).GroupBy(m => m.MessageId ?? string.Empty).ToDictionary(g => g.Key, g => g.Count());
            var lost = outbox.Where(m => !received.ContainsKey(OutboxDispatcher.MessageIdOf(m.Id))).ToList();
            Assert.Empty(lost);
            TestContext.Current.TestOutputHelper?.WriteLine($"{rounds} kills: {createdIds.Count} requests and {bookedIds.Count} bookings acknowledged, all found; {received.Count} notices received, {received.Values.Sum() - received.Count} of them twice");
            Assert.True(received.Values.Sum() - received.Count <= rounds, $"{received.Values.Sum() - received.Count} mails sent twice for {rounds} kills");
            Assert.Equal(outbox.Count, received.Count);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Opens requests until stopped; keeps those the app acknowledged with a 201.</summary>
    private static async Task CreateRequestsAsync(Uri address, ConcurrentBag<Guid> acknowledged, CancellationToken stop)
    {
        using var client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(10) };
        while (!stop.IsCancellationRequested)
        {
            try
            {
                using var response = await client.PostAsJsonAsync("/api/v1/requests", NewRequestBody, stop);
                if (response.StatusCode == HttpStatusCode.Created)
                {
                    acknowledged.Add((await response.Content.ReadFromJsonAsync<JsonElement>(stop)).GetProperty("requestId").GetGuid());
                }
            }
            catch (Exception e) when (e is HttpRequestException or OperationCanceledException or IOException or JsonException)
            {
                // The app was killed mid-call: this one was never acknowledged.
                await Task.Delay(50, CancellationToken.None);
            }
        }
    }

    /// <summary>Books the first slot offered to each request in turn; several workers race for the same slots.</summary>
    private static async Task BookAsync(Uri address, System.Net.Http.Headers.AuthenticationHeaderValue token, ConcurrentQueue<Guid> requests, ConcurrentBag<Guid> acknowledged, CancellationToken stop)
    {
        using var client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(10) };
        client.DefaultRequestHeaders.Authorization = token;
        while (!stop.IsCancellationRequested && requests.TryDequeue(out var requestId))
        {
            var done = false;
            try
            {
                var slots = await client.GetFromJsonAsync<JsonElement>($"/api/v1/requests/{requestId}/slots", stop);
                if (slots.ValueKind == JsonValueKind.Array && slots.GetArrayLength() > 0)
                {
                    using var response = await client.PostAsJsonAsync($"/api/v1/requests/{requestId}/appointments",
                        new { slotId = slots[0].GetProperty("slotId").GetString(), idempotencyKey = Guid.NewGuid().ToString() }, stop);
                    if (response.StatusCode == HttpStatusCode.Created)
                    {
                        acknowledged.Add((await response.Content.ReadFromJsonAsync<JsonElement>(stop)).GetProperty("appointmentId").GetGuid());
                        done = true;
                    }
                }
            }
            catch (Exception e) when (e is HttpRequestException or OperationCanceledException or IOException or JsonException)
            {
                await Task.Delay(50, CancellationToken.None);
            }

            if (!done)
            {
                // Taken meanwhile (409), or cut off by the kill: try again later, perhaps already booked by then.
                requests.Enqueue(requestId);
            }
        }
    }
}

public sealed class CrashTestsOnSqlite() : CrashTests(DatabaseProvider.Sqlite);

public sealed class CrashTestsOnPostgres() : CrashTests(DatabaseProvider.Postgres);
