using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Tandem.Core.Data;
using Tandem.Core.Staff;
using Tandem.Web.Tests.Support;

namespace Tandem.Browser.Tests;

public sealed class FoundationJourneyTests
{
    [Fact]
    public async Task FirstAdministrator_SetupEnrolSignInSwitchLanguage_EveryPageAccessible()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new TandemApp(database, kestrel: true);
        var baseUrl = app.ServerAddress;
        string token;
        await using (var scope = app.Scope())
        {
            token = (await scope.ServiceProvider.GetRequiredService<FirstAdministratorSetup>().IssueLinkIfNeededAsync(TestContext.Current.CancellationToken))!;
        }

        await using var browser = await BrowserSession.StartAsync();
        var page = await browser.NewPageAsync(baseUrl);

        // The home page, French by default even for a browser that prefers English.
        await page.GotoAsync("/");
        Assert.Equal("fr", await page.GetAttributeAsync("html", "lang"));
        await BrowserSession.AssertAccessibleAsync(page, "01-home");

        // The one-time set-up link; a first try with mistakes shows French messages next to the fields.
        await page.GotoAsync($"/installation/{token}");
        await BrowserSession.AssertAccessibleAsync(page, "02-setup");
        await page.GetByLabel("Nom affiché").FillAsync("Claire Admin");
        await page.GetByLabel("Adresse e-mail").FillAsync("pas-une-adresse");
        await page.GetByLabel("Mot de passe", new() { Exact = true }).FillAsync("court");
        await page.GetByLabel("Confirmez le mot de passe").FillAsync("court");
        await page.GetByRole(AriaRole.Button, new() { Name = "Créer le compte" }).ClickAsync();
        await Assertions.Expect(page.Locator(".field-error:not(:empty)").First).ToBeVisibleAsync();
        await BrowserSession.AssertAccessibleAsync(page, "03-setup-errors");

        await page.GetByLabel("Adresse e-mail").FillAsync("claire@example.fr");
        await page.GetByLabel("Mot de passe", new() { Exact = true }).FillAsync(StaffHelpers.Password);
        await page.GetByLabel("Confirmez le mot de passe").FillAsync(StaffHelpers.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Créer le compte" }).ClickAsync();
        await BrowserSession.WaitForAddressAsync(page, new Regex("/connexion$"), "foundation-1");
        await BrowserSession.AssertAccessibleAsync(page, "04-sign-in");

        // First sign-in: password, then enrolment of the authenticator.
        await page.GetByLabel("Adresse e-mail").FillAsync("claire@example.fr");
        await page.GetByLabel("Mot de passe").FillAsync(StaffHelpers.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Continuer" }).ClickAsync();
        await BrowserSession.WaitForAddressAsync(page, new Regex("/connexion/activation$"), "foundation-2");
        await BrowserSession.AssertAccessibleAsync(page, "05-enrol");
        var secret = (await page.GetByTestId("totp-secret").TextContentAsync())!.Trim();
        await page.GetByLabel("Code à 6 chiffres").FillAsync(TotpCodes.Compute(secret, app.Clock.GetCurrentInstant()));
        await page.GetByRole(AriaRole.Button, new() { Name = "Activer" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Vos codes de secours" })).ToBeVisibleAsync();
        Assert.Equal(RecoveryCodes.Count, await page.Locator("ul.codes li").CountAsync());
        await BrowserSession.AssertAccessibleAsync(page, "06-recovery-codes");
        await page.GetByRole(AriaRole.Link, new() { Name = "Continuer vers mon espace" }).ClickAsync();
        await BrowserSession.WaitForAddressAsync(page, new Regex("/espace$"), "foundation-3");
        await BrowserSession.AssertAccessibleAsync(page, "07-staff-home");

        // The visible language switch, there and back.
        await page.GetByRole(AriaRole.Button, new() { Name = "English" }).ClickAsync();
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Hello Claire Admin" })).ToBeVisibleAsync();
        await BrowserSession.AssertAccessibleAsync(page, "08-staff-home-en");
        await page.GetByRole(AriaRole.Button, new() { Name = "Français" }).ClickAsync();
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "fr");

        // Administration pages.
        await page.GotoAsync("/admin/equipe");
        await BrowserSession.AssertAccessibleAsync(page, "09-team");
        await page.GetByLabel("Nom affiché").FillAsync("Nadia Coordination");
        await page.GetByLabel("Adresse e-mail").FillAsync("nadia@example.fr");
        await page.GetByLabel("Rôle", new() { Exact = true }).SelectOptionAsync("coordinator");
        await page.GetByRole(AriaRole.Button, new() { Name = "Créer le lien d'invitation" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("invitation-link")).ToBeVisibleAsync();
        await BrowserSession.AssertAccessibleAsync(page, "10-team-invited");
        await page.GotoAsync("/admin/binomes");
        await page.GetByLabel("Thème").SelectOptionAsync("stress");
        await page.GetByLabel("Première discipline").SelectOptionAsync("coach");
        await page.GetByLabel("Seconde discipline").SelectOptionAsync("coach");
        await page.GetByRole(AriaRole.Button, new() { Name = "Ajouter" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Un binôme réunit deux disciplines différentes.")).ToBeVisibleAsync();
        await BrowserSession.AssertAccessibleAsync(page, "105-pairs");
        await page.GotoAsync("/admin/journal");
        await page.GetByRole(AriaRole.Button, new() { Name = "Vérifier la chaîne" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Chaîne intacte")).ToBeVisibleAsync();
        await BrowserSession.AssertAccessibleAsync(page, "11-audit");

        // Sign out, then sign in again with a fresh code.
        await page.GetByRole(AriaRole.Button, new() { Name = "Se déconnecter" }).ClickAsync();
        await BrowserSession.WaitForAddressAsync(page, new Regex("/$"), "foundation-4");
        app.Clock.AdvanceSeconds(30);
        await page.GotoAsync("/connexion");
        await page.GetByLabel("Adresse e-mail").FillAsync("claire@example.fr");
        await page.GetByLabel("Mot de passe").FillAsync(StaffHelpers.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Continuer" }).ClickAsync();
        await BrowserSession.WaitForAddressAsync(page, new Regex("/connexion/code$"), "foundation-5");
        await BrowserSession.AssertAccessibleAsync(page, "12-code");
        await page.GetByLabel("Code à 6 chiffres").FillAsync(TotpCodes.Compute(secret, app.Clock.GetCurrentInstant()));
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        await BrowserSession.WaitForAddressAsync(page, new Regex("/espace$"), "foundation-6");

        // Her own security: a new password, which closes her other sessions.
        await page.GotoAsync("/espace/securite");
        await BrowserSession.AssertAccessibleAsync(page, "13-security");
        await page.GetByLabel("Mot de passe actuel").FillAsync(StaffHelpers.Password);
        await page.GetByLabel("Nouveau mot de passe").FillAsync("une nouvelle phrase de passe bien longue");
        await page.GetByLabel("Confirmez le mot de passe").FillAsync("une nouvelle phrase de passe bien longue");
        await page.GetByRole(AriaRole.Button, new() { Name = "Changer le mot de passe" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Votre mot de passe est changé")).ToBeVisibleAsync();
        await BrowserSession.AssertAccessibleAsync(page, "14-security-changed");

        // A colleague forgot hers: a new-password link from the team page, used in another browser.
        var colleague = await app.CreateStaffAsync(Tandem.Core.Security.Roles.Coordinator);
        await page.GotoAsync("/admin/equipe");
        await page.GetByRole(AriaRole.Row).Filter(new() { HasText = colleague.Email }).GetByRole(AriaRole.Button, new() { Name = "Lien de nouveau mot de passe" }).ClickAsync();
        var link = await page.GetByTestId("invitation-link").InnerTextAsync();
        var other = await browser.NewPageAsync(baseUrl);
        await other.GotoAsync(new Uri(link).AbsolutePath);
        await BrowserSession.AssertAccessibleAsync(other, "15-new-password");
        await other.GetByLabel("Nouveau mot de passe").FillAsync("la phrase de passe retrouvée de ma collègue");
        await other.GetByLabel("Confirmez le mot de passe").FillAsync("la phrase de passe retrouvée de ma collègue");
        await other.GetByRole(AriaRole.Button, new() { Name = "Enregistrer le mot de passe" }).ClickAsync();
        await BrowserSession.WaitForAddressAsync(other, new Regex("/connexion$"), "foundation-7");
        await Assertions.Expect(other.GetByText("Votre nouveau mot de passe est enregistré")).ToBeVisibleAsync();

        await page.GotoAsync("/nulle-part");
        await BrowserSession.AssertAccessibleAsync(page, "16-not-found");
    }

    [Fact]
    public async Task PublicPages_OnAPhone_AreAccessibleAndFitTheScreen()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new TandemApp(database, kestrel: true);
        await using var browser = await BrowserSession.StartAsync();
        var page = await browser.NewPageAsync(app.ServerAddress, phone: true);
        foreach (var (path, name) in new[] { ("/", "phone-home"), ("/connexion", "phone-sign-in") })
        {
            await page.GotoAsync(path);
            await BrowserSession.AssertAccessibleAsync(page, name);
            var overflow = await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth");
            Assert.False(overflow, $"{path} scrolls sideways on a phone");
        }
    }
}
