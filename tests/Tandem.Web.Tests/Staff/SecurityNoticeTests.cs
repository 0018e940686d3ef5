using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Tandem.Core.Security;
using Tandem.Core.Staff;
using Tandem.Web.Tests.Support;

namespace Tandem.Web.Tests.Staff;

/// <summary>Mails to a staff member about their own sign-in, through the outbox to the SMTP server of ./test.sh.</summary>
public abstract class SecurityNoticeTests(AppFixture fixture) : AppTests(fixture)
{
    private const string NewPassword = "une autre phrase de passe, bien plus longue";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<MimeMessage> NoticeAsync(string address, string saying)
    {
        var found = await TestMailbox.WaitForAsync(address, 1, m => m.TextBody?.Contains(saying, StringComparison.Ordinal) == true);
        var mail = Assert.Single(found);
        Assert.Equal("Tandem : sécurité de votre compte · Tandem: your account's security", mail.Subject);
        Assert.Contains("Si ce n'était pas vous, prévenez sans attendre un administrateur", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("If it was not you, tell an administrator", mail.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("http", mail.TextBody, StringComparison.OrdinalIgnoreCase);
        return mail;
    }

    [Fact]
    public async Task ChangingThePassword_TellsThePerson_WhenAndWhatButNeitherTheSecretNorALink()
    {
        TestMailbox.SkipWithoutServer();
        var staff = await App.CreateStaffAsync(Roles.Coordinator, TestMailbox.NewAddress());
        using var client = await App.ApiClientAsAsync(staff);
        var at = App.Clock.GetCurrentInstant();
        (await client.PutAsJsonAsync("/api/v1/staff/me/password", new { currentPassword = staff.Password, password = NewPassword, passwordConfirmation = NewPassword }, Ct)).EnsureSuccessStatusCode();

        var mail = await NoticeAsync(staff.Email, "Le mot de passe de votre compte professionnel Tandem a été changé");
        Assert.Contains("The password of your Tandem staff account was changed", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains(at.InZone(NodaTime.DateTimeZoneProviders.Tzdb["Europe/Paris"]).ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture), mail.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain(NewPassword, mail.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain(staff.Password, mail.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddingAndRemovingASecurityKey_AreEachTold()
    {
        TestMailbox.SkipWithoutServer();
        var staff = await App.CreateStaffAsync(Roles.Practitioner, TestMailbox.NewAddress());
        using var client = await App.ApiClientAsAsync(staff);
        using var key = new SoftwareKey
        {
            Origin = new Uri(App.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Tandem.Web.Hosting.TandemOptions>>().Value.PublicBaseUrl!).GetLeftPart(UriPartial.Authority),
        };
        var ceremony = await (await client.PostAsync(new Uri("/api/v1/staff/me/security-keys/options", UriKind.Relative), null, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        var credential = JsonDocument.Parse(key.Create(ceremony.GetProperty("options"))).RootElement;
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/v1/staff/me/security-keys", new { name = "Clé", password = staff.Password, credential, state = ceremony.GetProperty("state").GetString() }, Ct)).StatusCode);
        var added = await NoticeAsync(staff.Email, "Une clé de sécurité a été ajoutée à votre compte professionnel Tandem");
        Assert.Contains("A security key was added to your Tandem staff account", added.TextBody, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsJsonAsync($"/api/v1/staff/me/security-keys/{key.Id}/remove", new { password = staff.Password }, Ct)).StatusCode);
        await NoticeAsync(staff.Email, "Une clé de sécurité a été retirée de votre compte professionnel Tandem");
    }

    [Fact]
    public async Task FailedSignIns_ThatBlockTheAccount_AreToldOnce_NotAtEachFurtherTry()
    {
        TestMailbox.SkipWithoutServer();
        var staff = await App.CreateStaffAsync(Roles.Practitioner, TestMailbox.NewAddress());
        using var anonymous = App.CreateApiClient();
        for (var i = 0; i < SignInThrottle.FreeFailures + 3; i++)
        {
            await anonymous.PostAsJsonAsync("/api/v1/staff/login", new { email = staff.Email, password = "pas le bon mot de passe " + i, totp = "000000" }, Ct);
        }

        // Once blocked the tries are refused before the password is looked at; a try after the block is over fails again, quietly.
        App.Clock.AdvanceMinutes(5);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/v1/staff/login", new { email = staff.Email, password = "encore faux", totp = "000000" }, Ct)).StatusCode);
        await NoticeAsync(staff.Email, "Plusieurs tentatives de connexion à votre compte ont échoué de suite");
        await Task.Delay(TimeSpan.FromSeconds(2), Ct);
        Assert.Single(TestMailbox.To(staff.Email));
    }

    [Fact]
    public async Task AnAdministratorsResets_AndARecoveryCode_AreEachTold()
    {
        TestMailbox.SkipWithoutServer();
        using var admin = await App.ApiClientAsAsync(await App.CreateStaffAsync(Roles.Administrator));
        var staff = await App.CreateStaffAsync(Roles.Coordinator, TestMailbox.NewAddress());

        // A recovery code used to sign in.
        IReadOnlyList<string> codes;
        await using (var scope = App.Scope())
        {
            codes = await scope.ServiceProvider.GetRequiredService<TotpEnrolment>().RegenerateRecoveryCodesAsync(staff.Id, Ct);
        }

        using var anonymous = App.CreateApiClient();
        Assert.Equal(HttpStatusCode.OK, (await anonymous.PostAsJsonAsync("/api/v1/staff/login", new { email = staff.Email, password = staff.Password, totp = codes[0] }, Ct)).StatusCode);
        await NoticeAsync(staff.Email, "Un de vos codes de secours a servi à vous connecter");
        Assert.DoesNotContain(codes[0], TestMailbox.To(staff.Email)[0].TextBody, StringComparison.Ordinal);

        // A new-password link issued, then used.
        var link = new Uri((await (await admin.PostAsync(new Uri($"/api/v1/admin/staff/{staff.Id}/password-reset", UriKind.Relative), null, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("link").GetString()!);
        var issued = await NoticeAsync(staff.Email, "Un administrateur du service a émis un lien pour choisir un nouveau mot de passe");
        Assert.DoesNotContain(link.AbsolutePath.Split('/')[^1], issued.TextBody, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NoContent, (await anonymous.PostAsJsonAsync($"/api/v1/password-resets/{link.AbsolutePath.Split('/')[^1]}", new { password = NewPassword }, Ct)).StatusCode);
        await NoticeAsync(staff.Email, "Un nouveau mot de passe a été choisi pour votre compte avec un lien d'administrateur");

        // The second factor reset.
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync(new Uri($"/api/v1/admin/staff/{staff.Id}/reset-second-factor", UriKind.Relative), null, Ct)).StatusCode);
        await NoticeAsync(staff.Email, "Un administrateur a réinitialisé la double authentification de votre compte");
    }
}

public sealed class SecurityNoticeTestsOnSqlite(SqliteFixture fixture) : SecurityNoticeTests(fixture), IClassFixture<SqliteFixture>;

public sealed class SecurityNoticeTestsOnPostgres(PostgresFixture fixture) : SecurityNoticeTests(fixture), IClassFixture<PostgresFixture>;
