using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tandem.Core.Data;

namespace Tandem.Web.Tests.Support;

public static class GroupHelpers
{
    public static async Task<Guid> ProfileIdAsync(this TandemApp app, TestStaff practitioner)
    {
        await using var scope = app.Scope();
        return await scope.ServiceProvider.GetRequiredService<TandemDbContext>().PractitionerProfiles.Where(p => p.UserId == practitioner.Id).Select(p => p.Id).SingleAsync();
    }

    /// <summary>
    /// A person who may join groups and workshops, signed in to the API. Their pair's proposal is set
    /// straight in the database: the proposal itself is proven by its own test.
    /// </summary>
    public static async Task<(CreatedRequest Request, HttpClient Client)> EligiblePersonAsync(this TandemApp app, string pseudonym)
    {
        var request = await app.CreateRequestAsync(new { pseudonym, themes = new[] { "stress" }, modality = "video" });
        await app.ProposeGroupsAsync(request.RequestId);
        return (request, await app.BeneficiaryClientAsync(request.AccessCode));
    }

    /// <summary>Marks the request as proposed the groups by its pair, straight in the database.</summary>
    public static async Task ProposeGroupsAsync(this TandemApp app, Guid requestId)
    {
        await using var scope = app.Scope();
        var now = app.Clock.GetCurrentInstant();
        await scope.ServiceProvider.GetRequiredService<TandemDbContext>().Requests.Where(r => r.Id == requestId)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.GroupsProposedAt, now));
    }

    /// <summary>Creates a group or workshop through the API and answers its id.</summary>
    public static async Task<Guid> CreateGroupAsync(this HttpClient coordination, object body)
    {
        var response = await coordination.PostAsJsonAsync("/api/v1/groups", body);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        Xunit.Assert.True(response.IsSuccessStatusCode, json.ToString());
        return json.GetProperty("id").GetGuid();
    }

    public static async Task<IReadOnlyList<Guid>> PlanSessionsAsync(this HttpClient coordination, Guid groupId, object body)
    {
        var response = await coordination.PostAsJsonAsync($"/api/v1/groups/{groupId}/sessions", body);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        Xunit.Assert.True(response.IsSuccessStatusCode, json.ToString());
        return json.GetProperty("sessionIds").EnumerateArray().Select(e => e.GetGuid()).ToList();
    }
}
