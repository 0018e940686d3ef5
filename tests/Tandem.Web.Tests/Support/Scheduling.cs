using System.Net.Http.Json;
using System.Text.Json;
using Tandem.Core.Security;

namespace Tandem.Web.Tests.Support;

public static class SchedulingHelpers
{
    /// <summary>Two practitioners of two disciplines, free on weekday afternoons by video, found by a tag in their names.</summary>
    public static async Task<string> PairAsync(this TandemApp app) => (await app.PairWithStaffAsync()).Tag;

    public static async Task<(string Tag, TestStaff Psychologist, TestStaff Coach)> PairWithStaffAsync(this TandemApp app)
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        var staff = new List<TestStaff>();
        foreach (var (name, discipline) in new[] { ("Psy " + tag, "work_psychologist"), ("Coach " + tag, "coach") })
        {
            var practitioner = await app.CreateStaffAsync(Roles.Practitioner);
            staff.Add(practitioner);
            using var client = await app.ApiClientAsAsync(practitioner);
            (await client.PutAsJsonAsync($"/api/v1/practitioners/{practitioner.Id}/profile", new { publicName = name, disciplines = new[] { discipline }, modalities = new[] { "video" } })).EnsureSuccessStatusCode();
            foreach (var day in new[] { "monday", "tuesday", "wednesday", "thursday", "friday" })
            {
                (await client.PostAsJsonAsync($"/api/v1/practitioners/{practitioner.Id}/availability/windows", new { day, start = "14:00:00", end = "17:00:00", modality = "video" })).EnsureSuccessStatusCode();
            }
        }

        return (tag, staff[0], staff[1]);
    }

    public static async Task<(CreatedRequest Request, HttpClient Coordination)> AcceptedRequestAsync(this TandemApp app, HttpClient? coordination = null)
    {
        var request = await app.CreateRequestAsync(new { themes = new[] { "conflict" }, modality = "video" });
        if (coordination is null)
        {
            var coordinator = await app.CreateStaffAsync(Roles.Coordinator);
            coordination = await app.ApiClientAsAsync(coordinator);
        }

        (await coordination.PostAsJsonAsync($"/api/v1/requests/{request.RequestId}/triage", new { outcome = "accepted" })).EnsureSuccessStatusCode();
        return (request, coordination);
    }

    public static async Task<JsonElement> FirstSlotOfAsync(HttpClient client, Guid requestId, string tag, NodaTime.LocalDate? from = null) =>
        (await SlotsOfPairAsync(client, requestId, tag, from)).First();

    /// <summary>The slots offered to the request with both practitioners of the pair tagged so (from that day, when given).</summary>
    public static async Task<List<JsonElement>> SlotsOfPairAsync(HttpClient client, Guid requestId, string tag, NodaTime.LocalDate? from = null)
    {
        var slots = await client.GetFromJsonAsync<JsonElement>($"/api/v1/requests/{requestId}/slots"
            + (from is { } day ? "?from=" + NodaTime.Text.LocalDatePattern.Iso.Format(day) : string.Empty));
        return slots.EnumerateArray().Where(s => s.GetProperty("practitioners").EnumerateArray().All(p => p.GetProperty("name").GetString()!.EndsWith(tag, StringComparison.Ordinal))).ToList();
    }
}
