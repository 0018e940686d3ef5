using System.Net.Http.Json;
using System.Text.Json;

namespace Tandem.Web.Tests.Support;

public sealed record CreatedRequest(Guid RequestId, string AccessCode, JsonElement Body);

public static class BeneficiaryHelpers
{
    public static async Task<CreatedRequest> CreateRequestAsync(this TandemApp app, object? body = null)
    {
        using var client = app.CreateApiClient();
        var response = await client.PostAsJsonAsync("/api/v1/requests", body ?? new
        {
            pseudonym = "Colibri",
            themes = new[] { "stress", "conflict" },
            collective = false,
            modality = "in_person",
            longInterviewAvailable = true,
            message = "Mon chef me crie dessus tous les jours.",
            crisis = false,
        });
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.IsSuccessStatusCode, json.ToString());
        return new CreatedRequest(json.GetProperty("requestId").GetGuid(), json.GetProperty("accessCode").GetString()!, json);
    }

    public static async Task<HttpClient> BeneficiaryClientAsync(this TandemApp app, string accessCode)
    {
        var client = app.CreateApiClient();
        var response = await client.PostAsJsonAsync("/api/v1/beneficiary/login", new { accessCode });
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString();
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        return client;
    }
}
