using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Tandem.Core.Staff;

namespace Tandem.Web.Tests.Support;

/// <summary>A staff account made for a test, with what is needed to sign in as it.</summary>
public sealed record TestStaff(Guid Id, string Email, string Password, string TotpSecret, string Role);

public static class StaffHelpers
{
    public const string Password = "correct horse battery staple";

    /// <summary>Creates an account with an enrolled second factor, straight through the Core handlers.</summary>
    public static async Task<TestStaff> CreateStaffAsync(this TandemApp app, string role, string? email = null)
    {
        await using var scope = app.Scope();
        var accounts = scope.ServiceProvider.GetRequiredService<StaffAccounts>();
        var enrolment = scope.ServiceProvider.GetRequiredService<TotpEnrolment>();
        email ??= $"{role}-{Guid.NewGuid():N}@test.tandem.test";
        var created = await accounts.CreateAsync($"Test {role}", email, Password, role);
        Assert.True(created.Succeeded, string.Join(", ", created.Errors.SelectMany(e => e.Value)));
        var started = await enrolment.BeginAsync(created.Value!.Id);
        var code = TotpCodes.Compute(started.Value!.Secret, app.Clock.GetCurrentInstant());
        var done = await enrolment.ConfirmAsync(created.Value.Id, code);
        Assert.True(done.Succeeded);
        app.Clock.AdvanceSeconds(30);
        return new TestStaff(created.Value.Id, email, Password, started.Value.Secret, role);
    }

    public static string CurrentCode(this TandemApp app, TestStaff staff) => TotpCodes.Compute(staff.TotpSecret, app.Clock.GetCurrentInstant());

    /// <summary>Signs in through the API and answers a client carrying the bearer token; moves the clock past the used code.</summary>
    public static async Task<HttpClient> ApiClientAsAsync(this TandemApp app, TestStaff staff)
    {
        var client = app.CreateApiClient();
        var response = await client.PostAsJsonAsync("/api/v1/staff/login", new { email = staff.Email, password = staff.Password, totp = app.CurrentCode(staff) });
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<TokenBody>();
        app.Clock.AdvanceSeconds(30);
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", body!.Token);
        return client;
    }

    /// <summary>Signs in through the pages (password, then code) and answers the cookie-carrying client.</summary>
    public static async Task<PageClient> PagesAsAsync(this TandemApp app, TestStaff staff, bool https = false)
    {
        var client = app.CreatePageClient(https);
        await client.GetAsync("/connexion");
        var afterPassword = await client.PostFormAsync("/connexion", new Dictionary<string, string?> { ["Email"] = staff.Email, ["Password"] = staff.Password });
        Assert.Equal("/connexion/code", afterPassword.Headers.Location?.OriginalString);
        await client.GetAsync("/connexion/code");
        var afterCode = await client.PostFormAsync("/connexion/code", new Dictionary<string, string?> { ["Code"] = app.CurrentCode(staff) });
        Assert.Equal("/espace", afterCode.Headers.Location?.OriginalString);
        app.Clock.AdvanceSeconds(30);
        return client;
    }

    public sealed record TokenBody(string Token);
}

public static class PractitionerHelpers
{
    /// <summary>A practitioner with a public profile, free every day from 9:00 to 17:00 in one modality.</summary>
    public static async Task<TestStaff> CreatePractitionerAsync(this TandemApp app, string name, string discipline, Tandem.Core.Requests.Modality modality, string? place = null, string? access = null)
    {
        var staff = await app.CreateStaffAsync(Tandem.Core.Security.Roles.Practitioner);
        await using var scope = app.Scope();
        var profiles = scope.ServiceProvider.GetRequiredService<Tandem.Core.Practitioners.PractitionerProfiles>();
        var saved = await profiles.SaveAsync(staff.Id, staff.Id, new Tandem.Core.Practitioners.ProfileInput(name, [discipline], ["fr"], null, null, [modality]));
        Assert.True(saved.Succeeded);
        var editor = scope.ServiceProvider.GetRequiredService<Tandem.Core.Scheduling.AvailabilityEditor>();
        foreach (var day in Enum.GetValues<NodaTime.IsoDayOfWeek>().Where(d => d != NodaTime.IsoDayOfWeek.None))
        {
            var added = await editor.AddWindowAsync(staff.Id, staff.Id, new Tandem.Core.Scheduling.WindowInput(day, new NodaTime.LocalTime(9, 0), new NodaTime.LocalTime(17, 0), modality, place, access));
            Assert.True(added.Succeeded);
        }

        return staff;
    }
}
