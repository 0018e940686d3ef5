using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Tandem.Core.Data;
using Tandem.Core.Security;
using Tandem.Core.Staff;
using Tandem.Web.Tests.Support;

namespace Tandem.Web.Tests.Staff;

public abstract class StaffLoginApiTests(AppFixture fixture) : AppTests(fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Task<HttpResponseMessage> LoginAsync(HttpClient client, string email, string password, string? totp) =>
        client.PostAsJsonAsync("/api/v1/staff/login", new { email, password, totp }, Ct);

    [Fact]
    public async Task Login_WithPasswordAndTotp_ReturnsATokenThatOpensTheApi()
    {
        var staff = await App.CreateStaffAsync(Roles.Coordinator);
        using var client = App.CreateApiClient();
        var response = await LoginAsync(client, staff.Email, staff.Password, App.CurrentCode(staff));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var token = body.GetProperty("token").GetString();
        Assert.False(string.IsNullOrEmpty(token));

        client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        var me = await client.GetFromJsonAsync<JsonElement>("/api/v1/staff/me", Ct);
        Assert.Equal(staff.Email, me.GetProperty("email").GetString());
        Assert.Equal("coordinator", me.GetProperty("role").GetString());
    }

    [Fact]
    public async Task Login_SameTotpCodeTwice_SecondIsRefused()
    {
        var staff = await App.CreateStaffAsync(Roles.Practitioner);
        using var client = App.CreateApiClient();
        var code = App.CurrentCode(staff);
        Assert.Equal(HttpStatusCode.OK, (await LoginAsync(client, staff.Email, staff.Password, code)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await LoginAsync(client, staff.Email, staff.Password, code)).StatusCode);
        App.Clock.AdvanceSeconds(30);
        Assert.Equal(HttpStatusCode.OK, (await LoginAsync(client, staff.Email, staff.Password, App.CurrentCode(staff))).StatusCode);
    }

    [Fact]
    public async Task TotpSecret_IsStoredSealed_AndOneStoredInClearBySomeEarlierVersion_IsSealedAtTheNextStart()
    {
        var staff = await App.CreateStaffAsync(Roles.Coordinator);
        async Task<string?> StoredAsync()
        {
            await using var scope = App.Scope();
            var db = scope.ServiceProvider.GetRequiredService<TandemDbContext>();
            return await db.Users.AsNoTracking().Where(u => u.Id == staff.Id).Select(u => u.TotpSecret).SingleAsync(Ct);
        }

        var stored = await StoredAsync();
        Assert.StartsWith("sealed1:", stored, StringComparison.Ordinal);
        Assert.DoesNotContain(staff.TotpSecret, stored!, StringComparison.Ordinal);

        // As a version before sealing left it: in clear. It still signs in, and the start seals it again.
        await using (var scope = App.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TandemDbContext>();
            await db.Users.Where(u => u.Id == staff.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.TotpSecret, staff.TotpSecret), Ct);
        }

        using var client = App.CreateApiClient();
        Assert.Equal(HttpStatusCode.OK, (await LoginAsync(client, staff.Email, staff.Password, App.CurrentCode(staff))).StatusCode);
        App.Clock.AdvanceSeconds(30);
        await using (var scope = App.Scope())
        {
            var sealedNow = await scope.ServiceProvider.GetRequiredService<TotpSecrets>().SealAllAsync(scope.ServiceProvider.GetRequiredService<TandemDbContext>(), Ct);
            Assert.True(sealedNow >= 1);
        }

        stored = await StoredAsync();
        Assert.StartsWith("sealed1:", stored, StringComparison.Ordinal);
        Assert.DoesNotContain(staff.TotpSecret, stored!, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await LoginAsync(client, staff.Email, staff.Password, App.CurrentCode(staff))).StatusCode);
    }

    [Fact]
    public async Task SealingTotpSecrets_WhenAnAccountIsWrittenMeanwhile_SealsThemAllAnyway()
    {
        var staff = await App.CreateStaffAsync(Roles.Practitioner);
        var other = await App.CreateStaffAsync(Roles.Coordinator);
        await using (var scope = App.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TandemDbContext>();
            await db.Users.Where(u => u.Id == staff.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.TotpSecret, staff.TotpSecret), Ct);
            await db.Users.Where(u => u.Id == other.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.TotpSecret, other.TotpSecret), Ct);
        }

        // A sign-in writes the account's row (and its concurrency stamp) between the read and the save.
        var signIn = new WriteBeforeSave(App, staff.Id);
        await using (var scope = App.Scope())
        {
            var options = new DbContextOptionsBuilder<TandemDbContext>(scope.ServiceProvider.GetRequiredService<DbContextOptions<TandemDbContext>>())
                .AddInterceptors(signIn)
                .Options;
            await using var db = new TandemDbContext(options);
            var sealedNow = await scope.ServiceProvider.GetRequiredService<TotpSecrets>().SealAllAsync(db, Ct);
            Assert.True(sealedNow >= 2);
        }

        Assert.Equal(1, signIn.Writes);
        await using (var scope = App.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TandemDbContext>();
            var stored = await db.Users.AsNoTracking().Where(u => u.Id == staff.Id || u.Id == other.Id).Select(u => u.TotpSecret).ToListAsync(Ct);
            Assert.Equal(2, stored.Count);
            Assert.All(stored, s => Assert.StartsWith("sealed1:", s, StringComparison.Ordinal));
        }

        using var client = App.CreateApiClient();
        Assert.Equal(HttpStatusCode.OK, (await LoginAsync(client, staff.Email, staff.Password, App.CurrentCode(staff))).StatusCode);
    }

    /// <summary>Writes the account's concurrency stamp from another context just before the first save, as a sign-in would.</summary>
    private sealed class WriteBeforeSave(TandemApp app, Guid userId) : SaveChangesInterceptor
    {
        public int Writes { get; private set; }

        public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(
            DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            if (Writes == 0)
            {
                Writes++;
                await using var scope = app.Scope();
                var db = scope.ServiceProvider.GetRequiredService<TandemDbContext>();
                await db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(s => s.SetProperty(u => u.ConcurrencyStamp, Guid.NewGuid().ToString()), cancellationToken);
            }

            return result;
        }
    }

    [Fact]
    public async Task Login_WithWrongPassword_Returns401ProblemWithoutSayingWhichPartWasWrong()
    {
        var staff = await App.CreateStaffAsync(Roles.Practitioner);
        using var client = App.CreateApiClient();
        var wrongPassword = await LoginAsync(client, staff.Email, "not the password at all", App.CurrentCode(staff));
        var unknownEmail = await LoginAsync(client, "nobody@example.fr", "not the password at all", "123456");
        Assert.Equal(HttpStatusCode.Unauthorized, wrongPassword.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unknownEmail.StatusCode);
        Assert.Equal("application/problem+json", wrongPassword.Content.Headers.ContentType?.MediaType);
        var a = await wrongPassword.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var b = await unknownEmail.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(a.GetProperty("title").GetString(), b.GetProperty("title").GetString());
    }

    [Fact]
    public async Task Login_WithMissingFields_Returns400NamingEachField()
    {
        using var client = App.CreateApiClient();
        var response = await client.PostAsJsonAsync("/api/v1/staff/login", new { email = "" }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var errors = body.GetProperty("errors");
        Assert.True(errors.TryGetProperty("email", out _));
        Assert.True(errors.TryGetProperty("password", out _));
        Assert.True(errors.TryGetProperty("totp", out _));
        Assert.Equal("Ce champ est obligatoire.", errors.GetProperty("email")[0].GetString());
    }

    [Fact]
    public async Task Login_AfterRepeatedFailures_IsThrottledForThatAccountOnly()
    {
        var target = await App.CreateStaffAsync(Roles.Coordinator);
        var bystander = await App.CreateStaffAsync(Roles.Coordinator);
        using var client = App.CreateApiClient();
        for (var i = 0; i < SignInThrottle.FreeFailures; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await LoginAsync(client, target.Email, "wrong password number " + i, "000000")).StatusCode);
        }

        var blocked = await LoginAsync(client, target.Email, target.Password, App.CurrentCode(target));
        Assert.Equal(HttpStatusCode.TooManyRequests, blocked.StatusCode);

        var other = await LoginAsync(client, bystander.Email, bystander.Password, App.CurrentCode(bystander));
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);

        App.Clock.AdvanceMinutes(2);
        var later = await LoginAsync(client, target.Email, target.Password, App.CurrentCode(target));
        Assert.Equal(HttpStatusCode.OK, later.StatusCode);
        App.Clock.AdvanceSeconds(30);
    }

    [Fact]
    public async Task Login_WithRecoveryCode_WorksOnceOnly()
    {
        var staff = await App.CreateStaffAsync(Roles.Administrator);
        using var admin = await App.ApiClientAsAsync(staff);
        await using var scope = App.Scope();
        var enrolment = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<TotpEnrolment>(scope.ServiceProvider);
        var codes = await enrolment.RegenerateRecoveryCodesAsync(staff.Id, Ct);

        using var client = App.CreateApiClient();
        var code = codes[3].ToLowerInvariant().Replace("-", " ", StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await LoginAsync(client, staff.Email, staff.Password, code)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await LoginAsync(client, staff.Email, staff.Password, codes[3])).StatusCode);
    }

    [Fact]
    public async Task Enrolment_ThroughTheApi_InvitationToFirstToken()
    {
        var administrator = await App.CreateStaffAsync(Roles.Administrator);
        using var admin = await App.ApiClientAsAsync(administrator);
        var email = $"new-{Guid.NewGuid():N}@example.fr";
        var invite = await admin.PostAsJsonAsync("/api/v1/admin/invitations", new { displayName = "Nouvelle Psychologue", email, role = "practitioner" }, Ct);
        Assert.Equal(HttpStatusCode.Created, invite.StatusCode);
        var link = (await invite.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("link").GetString()!;
        var token = link[(link.LastIndexOf('/') + 1)..];

        using var anonymous = App.CreateApiClient();
        var accept = await anonymous.PostAsJsonAsync($"/api/v1/invitations/{token}/accept", new { password = StaffHelpers.Password }, Ct);
        Assert.Equal(HttpStatusCode.Created, accept.StatusCode);
        var reuse = await anonymous.PostAsJsonAsync($"/api/v1/invitations/{token}/accept", new { password = StaffHelpers.Password }, Ct);
        Assert.Equal(HttpStatusCode.NotFound, reuse.StatusCode);

        var notYet = await LoginAsync(anonymous, email, StaffHelpers.Password, "123456");
        Assert.Equal(HttpStatusCode.Unauthorized, notYet.StatusCode);

        var start = await anonymous.PostAsJsonAsync("/api/v1/staff/enrolment", new { email, password = StaffHelpers.Password }, Ct);
        Assert.Equal(HttpStatusCode.OK, start.StatusCode);
        var secret = (await start.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("secret").GetString()!;

        var wrong = await anonymous.PostAsJsonAsync("/api/v1/staff/enrolment/confirm", new { email, password = StaffHelpers.Password, totp = "000000" }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);

        var confirm = await anonymous.PostAsJsonAsync("/api/v1/staff/enrolment/confirm",
            new { email, password = StaffHelpers.Password, totp = TotpCodes.Compute(secret, App.Clock.GetCurrentInstant()) }, Ct);
        Assert.Equal(HttpStatusCode.OK, confirm.StatusCode);
        var codes = (await confirm.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("recoveryCodes");
        Assert.Equal(RecoveryCodes.Count, codes.GetArrayLength());

        App.Clock.AdvanceSeconds(30);
        var login = await LoginAsync(anonymous, email, StaffHelpers.Password, TotpCodes.Compute(secret, App.Clock.GetCurrentInstant()));
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        App.Clock.AdvanceSeconds(30);
    }

    [Fact]
    public async Task Token_AfterItsLifetime_IsRefused()
    {
        var staff = await App.CreateStaffAsync(Roles.Coordinator);
        using var client = await App.ApiClientAsAsync(staff);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/api/v1/staff/me", UriKind.Relative), Ct)).StatusCode);
        App.Clock.AdvanceMinutes(16);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync(new Uri("/api/v1/staff/me", UriKind.Relative), Ct)).StatusCode);
    }

    [Fact]
    public async Task Token_Forged_IsRefused()
    {
        using var client = App.CreateApiClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", "CfDJ8not-a-real-token");
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync(new Uri("/api/v1/staff/me", UriKind.Relative), Ct)).StatusCode);
    }
}

public sealed class StaffLoginApiTestsOnSqlite(SqliteFixture fixture) : StaffLoginApiTests(fixture), IClassFixture<SqliteFixture>;

public sealed class StaffLoginApiTestsOnPostgres(PostgresFixture fixture) : StaffLoginApiTests(fixture), IClassFixture<PostgresFixture>;
