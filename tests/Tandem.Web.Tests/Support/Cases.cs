using System.Net.Http.Json;
using System.Text.Json;
using NodaTime;
using NodaTime.Text;
using Tandem.Core.Security;

namespace Tandem.Web.Tests.Support;

/// <summary>An accepted request with its first interview booked with a pair of two named practitioners.</summary>
public sealed record TestCase(CreatedRequest Request, TestStaff Psychologist, TestStaff Coach, Guid AppointmentId, Instant Start, Instant End, string Tag);

public static class CaseHelpers
{
    public static async Task<TestCase> BookedCaseAsync(this TandemApp app, object? request = null)
    {
        var (tag, psychologist, coach) = await app.PairWithStaffAsync();
        var created = await app.CreateRequestAsync(request ?? new { pseudonym = "Mésange", themes = new[] { "conflict" }, modality = "video", message = "Mon chef me crie dessus." });
        using var coordination = await app.ApiClientAsAsync(await app.CreateStaffAsync(Roles.Coordinator));
        (await coordination.PostAsJsonAsync($"/api/v1/requests/{created.RequestId}/triage", new { outcome = "accepted" })).EnsureSuccessStatusCode();
        // Two days on at least: the case stays more than the cancellation notice away however far the
        // tests then move the clock (each staff member created moves it on by a TOTP step).
        var twoDaysOn = app.Clock.GetCurrentInstant().InZone(DateTimeZoneProviders.Tzdb["Europe/Paris"]).Date.PlusDays(2);
        var slot = await SchedulingHelpers.FirstSlotOfAsync(coordination, created.RequestId, tag, twoDaysOn);
        var booked = await coordination.PostAsJsonAsync($"/api/v1/requests/{created.RequestId}/appointments", new { slotId = slot.GetProperty("slotId").GetString() });
        booked.EnsureSuccessStatusCode();
        var json = await booked.Content.ReadFromJsonAsync<JsonElement>();
        return new TestCase(created, psychologist, coach, json.GetProperty("appointmentId").GetGuid(),
            InstantPattern.ExtendedIso.Parse(json.GetProperty("start").GetString()!).Value,
            InstantPattern.ExtendedIso.Parse(json.GetProperty("end").GetString()!).Value, tag);
    }
}
