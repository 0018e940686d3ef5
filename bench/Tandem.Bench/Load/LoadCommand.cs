using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using Tandem.Core.Security;
using Tandem.Dataset;

namespace Tandem.Bench.Load;

/// <summary>
/// The load scenario of issue 8: starts the Release build of the app on PostgreSQL holding a
/// generated dataset, signs in as the manifest's people, then measures the beneficiary space,
/// slot search, the coordination queue, the indicators and booking on N connections, each next
/// to <c>/healthz</c> measured in the same run; samples the app's resident memory throughout,
/// optionally soaks it with mixed load, and checks afterwards that nothing was booked twice.
/// </summary>
internal static class LoadCommand
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    private static readonly object NewRequest = new { themes = new[] { "stress" }, modality = "video", message = "Charge mixte." };

    public static async Task<int> RunAsync(Arguments line)
    {
        var manifest = await DatasetManifest.LoadAsync(line.Required("manifest"));
        var connection = line.Required("connection");
        var connections = line.Number("connections", 16);
        var duration = TimeSpan.FromSeconds(line.Number("seconds", 20));
        var soak = TimeSpan.FromMinutes(line.Number("soak-minutes", 0));
        var dataDirectory = Directory.CreateTempSubdirectory("tandem-load-").FullName;
        var environment = new Dictionary<string, string>
        {
            ["Tandem__Database__Provider"] = "postgres",
            ["ConnectionStrings__Tandem"] = connection,
            ["Tandem__MasterKeyFile"] = Path.GetFullPath(line.Required("master-key-file")),
            ["Tandem__DataDirectory"] = dataDirectory,
            // One client signs many people in: the per-client sign-in limits would stop it, by design.
            ["Tandem__AccessCodeAttemptsPerMinute"] = "100000",
            ["Tandem__SignInRequestsPerMinute"] = "100000",
            ["Tandem__Intake__RequestsPerClientPerHour"] = "1000000",
            ["Tandem__Intake__RequestsPerHour"] = "1000000",
            ["Tandem__Sessions__StaffTokenLifetime"] = "04:00:00",
            ["Tandem__Sessions__IdleTimeout"] = "04:00:00",
        };

        var clock = Stopwatch.StartNew();
        await using var app = AppProcess.Start(Path.GetFullPath(line.Required("app")), line.Number("port", 5090), environment, Path.Combine(dataDirectory, "app.log"));
        var startedIn = await app.WaitHealthyAsync(clock, TimeSpan.FromSeconds(120));
        Console.WriteLine($"App answering after {startedIn.TotalSeconds:F1} s (PostgreSQL, {manifest.Scale} scale); log in {dataDirectory}/app.log");

        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = connections, PooledConnectionLifetime = TimeSpan.FromMinutes(30) };
        using var http = new HttpClient(handler) { BaseAddress = app.Address, Timeout = TimeSpan.FromSeconds(30) };
        using var memory = new MemorySampler(app);
        var sampling = memory.RunAsync();

        var coordinator = await StaffTokenAsync(http, manifest, Roles.Coordinator);
        var contact = await StaffTokenAsync(http, manifest, Roles.OrganisationContact, manifest.LargestOrganisation);
        var beneficiaries = new List<string>();
        foreach (var space in manifest.Spaces)
        {
            using var response = await http.PostAsJsonAsync("/api/v1/beneficiary/login", new { accessCode = space.AccessCode });
            response.EnsureSuccessStatusCode();
            beneficiaries.Add((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!);
        }

        // The indicators of the largest organisation's last closed year, computed once then read frozen.
        memory.EndPhase("signing in");
        var indicators = $"/api/v1/organisations/{manifest.LargestOrganisation}/indicators?period={manifest.LargestOrganisationYear}";
        var computed = Stopwatch.StartNew();
        using (var first = await SendAsync(http, HttpMethod.Get, indicators, contact))
        {
            first.EnsureSuccessStatusCode();
        }

        var computedMs = computed.Elapsed.TotalMilliseconds;
        Console.WriteLine($"Indicators of {manifest.LargestOrganisationYear} computed on first read in {computedMs:F0} ms");
        memory.EndPhase("indicators computed");

        var results = new List<ScenarioResult>();

        // --only booking,space: /healthz and those scenarios alone, to profile one of them (no report can be written from it).
        var only = line.Optional("only")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        async Task<ScenarioResult> Measure(string name, string what, Func<int, CancellationToken, Task<CallResult>> call)
        {
            if (only is not null && name != "healthz" && !only.Contains(name))
            {
                return new ScenarioResult(name, what, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
            }

            var result = await Scenario.RunAsync(name, what, connections, duration, call);
            memory.Mark(name);
            Console.WriteLine($"{name,-12} {result.Throughput,8:F0}/s  p50 {result.P50,7:F1} ms  p95 {result.P95,7:F1} ms  p99 {result.P99,7:F1} ms  errors {result.Errors}  refused {result.Refused}");
            results.Add(result);
            return result;
        }

        var random = new ThreadLocal<Random>(() => new Random(Environment.CurrentManagedThreadId));
        var healthBefore = await Measure("healthz", "GET /healthz (the app and one database round trip)", (_, ct) => GetAsync(http, "/healthz", null, ct));
        await Measure("space", "GET /api/v1/beneficiary/me as one of the people", (w, ct) => GetAsync(http, "/api/v1/beneficiary/me", beneficiaries[w % beneficiaries.Count], ct));
        await Measure("slots", "GET /api/v1/requests/{id}/slots (every suitable pair, eight weeks) as the coordination", (_, ct) =>
            GetAsync(http, $"/api/v1/requests/{manifest.SlotSearchRequests[random.Value!.Next(manifest.SlotSearchRequests.Count)]}/slots", coordinator, ct));
        await Measure("queue", "GET /api/v1/coordination/requests (new requests, urgent first)", (_, ct) => GetAsync(http, "/api/v1/coordination/requests", coordinator, ct));
        await Measure("indicators", "GET the largest organisation's year of indicators (frozen) as its contact", (_, ct) => GetAsync(http, indicators, contact, ct));
        var booking = new BookingScenario(http, coordinator, await StillBookableAsync(connection, manifest.BookableRequests));
        await booking.PrepareAsync();
        memory.EndPhase("booking prepared");
        Console.WriteLine($"Booking: {booking.Pooled} slots a person could still book, none sharing a practitioner's time");
        await Measure("booking", "POST /api/v1/requests/{id}/appointments with a slot offered to its group (409 when taken meanwhile)", booking.BookAsync);
        var healthAfter = await Measure("healthz", "GET /healthz again, after the others", (_, ct) => GetAsync(http, "/healthz", null, ct));

        SoakResult? soaked = null;
        if (soak > TimeSpan.Zero)
        {
            Console.WriteLine($"Soak: {soak.TotalMinutes} minutes of mixed load…");
            // Mixed: one connection keeps opening requests (the costliest write: a code hashed with Argon2id), the others read.
            soaked = await SoakAsync(soak, connections, memory, (w, ct) => (w == 0 ? 4 : w % 4) switch
            {
                4 => PostRequestAsync(http, ct),
                0 => GetAsync(http, "/api/v1/beneficiary/me", beneficiaries[w % beneficiaries.Count], ct),
                1 => GetAsync(http, $"/api/v1/requests/{manifest.SlotSearchRequests[random.Value!.Next(manifest.SlotSearchRequests.Count)]}/slots", coordinator, ct),
                2 => GetAsync(http, "/api/v1/coordination/requests", coordinator, ct),
                _ => GetAsync(http, indicators, contact, ct),
            });
            memory.EndPhase("soak");
        }

        memory.Stop();
        await sampling;
        var healthz = (healthBefore.Throughput + healthAfter.Throughput) / 2;
        var withRatios = results.Select(r => r with { Ratio = healthz > 0 ? Math.Round(r.Throughput / healthz, 3) : null }).ToList();
        var doubleBooked = await DoubleBookedAsync(connection);
        var report = new LoadReport(
            DateTimeOffset.UtcNow, manifest.Scale, connections, duration.TotalSeconds, Math.Round(startedIn.TotalSeconds, 2), Math.Round(computedMs, 1),
            withRatios, booking.Booked, booking.Refills, doubleBooked, memory.Marks, memory.PhasePeaks, Math.Round(memory.Peak, 1), soaked);
        await File.WriteAllTextAsync(line.Required("out"), JsonSerializer.Serialize(report, Json));
        Console.WriteLine($"Highest resident memory of each phase (MB): {string.Join(", ", memory.PhasePeaks.Select(p => $"{p.Key} {p.Value:F0}"))}");
        Console.WriteLine($"Peak resident memory {memory.Peak:F0} MB; double bookings: {doubleBooked}; results in {line.Required("out")}");
        var grew = soaked is { ResidentMegabytesEachMinute: { Count: >= 3 } minutes } && minutes[^1] > minutes[0] * 1.2;
        if (grew)
        {
            Console.WriteLine("Resident memory grew by more than 20 % between the first and the last minute of the soak.");
        }

        return doubleBooked == 0 && withRatios.All(r => r.Errors == 0) && (soaked?.Errors ?? 0) == 0 && !grew ? 0 : 1;
    }

    private static async Task<CallResult> PostRequestAsync(HttpClient http, CancellationToken ct)
    {
        using var response = await SendAsync(http, HttpMethod.Post, "/api/v1/requests", null, NewRequest, ct);
        return response.IsSuccessStatusCode ? CallResult.Ok : CallResult.Error;
    }

    private static async Task<string> StaffTokenAsync(HttpClient http, DatasetManifest manifest, string role, Guid? organisation = null)
    {
        var staff = manifest.Staff.First(s => s.Role == role && (organisation is null || s.OrganisationId == organisation));
        var totp = Tandem.Core.Staff.TotpCodes.Compute(staff.TotpSecret, NodaTime.SystemClock.Instance.GetCurrentInstant());
        using var response = await http.PostAsJsonAsync("/api/v1/staff/login", new { email = staff.Email, password = manifest.StaffPassword, totp });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
    }

    internal static async Task<HttpResponseMessage> SendAsync(HttpClient http, HttpMethod method, string path, string? token, object? body = null, CancellationToken ct = default)
    {
        using var request = new HttpRequestMessage(method, path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        return await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct);
    }

    private static async Task<CallResult> GetAsync(HttpClient http, string path, string? token, CancellationToken ct)
    {
        using var response = await SendAsync(http, HttpMethod.Get, path, token, null, ct);
        return response.IsSuccessStatusCode ? CallResult.Ok : CallResult.Error;
    }

    private static async Task<SoakResult> SoakAsync(TimeSpan soak, int connections, MemorySampler memory, Func<int, CancellationToken, Task<CallResult>> call)
    {
        var minutes = new List<double>();
        var counts = new long[3];
        using var stop = new CancellationTokenSource();
        var workers = Enumerable.Range(0, connections).Select(w => Scenario.LoopAsync(w, call, (null, counts), stop.Token)).ToList();
        long Calls() => Interlocked.Read(ref counts[0]) + Interlocked.Read(ref counts[1]) + Interlocked.Read(ref counts[2]);
        // One sample at the end of each whole minute, then the workers stop.
        for (var minute = 1; minute <= Math.Max(1, (int)Math.Round(soak.TotalMinutes)); minute++)
        {
            await Task.Delay(TimeSpan.FromMinutes(1));
            minutes.Add(Math.Round(memory.Current, 1));
            Console.WriteLine($"  minute {minutes.Count}: {memory.Current:F0} MB resident, {Calls()} calls, {Interlocked.Read(ref counts[(int)CallResult.Error])} errors");
        }

        await stop.CancelAsync();
        await Task.WhenAll(workers);
        return new SoakResult(soak.TotalMinutes, Calls(), counts[(int)CallResult.Error], minutes);
    }

    /// <summary>Two bookings of one practitioner that overlap, or two active first interviews of one request: both must be zero.</summary>
    /// <summary>The requests of the manifest not booked yet, so a dataset can serve several load runs.</summary>
    private static async Task<IReadOnlyList<BookableRequest>> StillBookableAsync(string connectionString, IReadOnlyList<BookableRequest> requests)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""SELECT DISTINCT "RequestId" FROM appointments WHERE "RequestId" = ANY(@ids) AND "CancelledAt" IS NULL""", connection);
        command.Parameters.AddWithValue("ids", requests.Select(r => r.Id).ToArray());
        var booked = new HashSet<Guid>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                booked.Add(reader.GetGuid(0));
            }
        }

        return requests.Where(r => !booked.Contains(r.Id)).ToList();
    }

    private static async Task<long> DoubleBookedAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT (SELECT count(*) FROM practitioner_bookings a JOIN practitioner_bookings b
                      ON a."PractitionerId" = b."PractitionerId" AND a."AppointmentId" < b."AppointmentId"
                     AND a."Start" < b."End" AND b."Start" < a."End"
                     WHERE a."Start" > now() - interval '1 day')
                 + (SELECT count(*) FROM (SELECT "RequestId", "Kind" FROM appointments WHERE "CancelledAt" IS NULL
                     GROUP BY "RequestId", "Kind" HAVING count(*) > 1) d)
            """, connection);
        command.CommandTimeout = 600;
        return (long)(await command.ExecuteScalarAsync())!;
    }
}

internal sealed record SoakResult(double Minutes, long Calls, long Errors, IReadOnlyList<double> ResidentMegabytesEachMinute);

internal sealed record LoadReport(
    DateTimeOffset At,
    string Scale,
    int Connections,
    double SecondsPerScenario,
    double StartSeconds,
    double IndicatorsComputedMs,
    IReadOnlyList<ScenarioResult> Scenarios,
    long Booked,
    int SlotRefills,
    long DoubleBooked,
    IReadOnlyDictionary<string, double> ResidentMegabytesAfter,
    IReadOnlyDictionary<string, double>? PeakResidentMegabytesDuring,
    double PeakResidentMegabytes,
    SoakResult? Soak);
