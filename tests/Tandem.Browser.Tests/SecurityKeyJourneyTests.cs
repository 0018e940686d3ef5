using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Tandem.Core.Data;
using Tandem.Core.Security;
using Tandem.Web.Tests.Support;

namespace Tandem.Browser.Tests;

/// <summary>
/// A coordinator adds a security key from her security page and signs in with it instead of the
/// code, in Chromium with its virtual authenticator (DevTools' WebAuthn domain) standing for a USB key.
/// </summary>
public sealed class SecurityKeyJourneyTests
{
    [Fact]
    public async Task ASecurityKey_IsAdded_ThenSignsIn_InPlaceOfTheCode()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        // The browser is at the test server's own address, which is then the service's public one.
        await using var app = new TandemApp(database, settings: new Dictionary<string, string?> { ["Tandem:PublicBaseUrl"] = string.Empty }, kestrel: true);
        var staff = await app.CreateStaffAsync(Roles.Coordinator);

        // WebAuthn wants a domain, not an address, as the service's identity: localhost.
        var baseUrl = new Uri($"http://localhost:{app.ServerAddress.Port}/");
        await using var browser = await BrowserSession.StartAsync();
        var page = await browser.NewPageAsync(baseUrl);
        var devTools = await page.Context.NewCDPSessionAsync(page);
        await devTools.SendAsync("WebAuthn.enable");
        await devTools.SendAsync("WebAuthn.addVirtualAuthenticator", new Dictionary<string, object>
        {
            ["options"] = new Dictionary<string, object>
            {
                ["protocol"] = "ctap2",
                ["transport"] = "usb",
                ["hasResidentKey"] = true,
                ["hasUserVerification"] = true,
                ["isUserVerified"] = true,
                ["automaticPresenceSimulation"] = true,
            },
        });

        await BrowserSession.SignInAsync(page, app, staff);
        await page.GotoAsync("/espace/securite");
        await Assertions.Expect(page.GetByText("Aucune clé enregistrée.")).ToBeVisibleAsync();
        var add = page.Locator("form[data-security-key=create]");
        await add.GetByLabel("Nom de la clé").FillAsync("Clé bleue");
        await add.GetByLabel("Votre mot de passe, pour confirmer").FillAsync(staff.Password);
        await add.GetByRole(AriaRole.Button, new() { Name = "Ajouter une clé de sécurité" }).ClickAsync();
        await Assertions.Expect(page.GetByText("La clé de sécurité est ajoutée")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Radio, new() { Name = "Clé bleue, ajoutée le" })).ToBeVisibleAsync();
        await BrowserSession.AssertAccessibleAsync(page, "security-key-added");

        // Signed out, then in again: the password, then the key instead of the code.
        await page.GetByRole(AriaRole.Button, new() { Name = "Se déconnecter" }).ClickAsync();
        await page.GotoAsync("/connexion");
        await page.GetByLabel("Adresse e-mail").FillAsync(staff.Email);
        await page.GetByLabel("Mot de passe").FillAsync(staff.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Continuer" }).ClickAsync();
        await BrowserSession.WaitForAddressAsync(page, new Regex("/connexion/code$"), "security-key-1");
        await BrowserSession.AssertAccessibleAsync(page, "security-key-code");
        await page.GetByRole(AriaRole.Button, new() { Name = "Utiliser ma clé de sécurité" }).ClickAsync();
        await BrowserSession.WaitForAddressAsync(page, new Regex("/espace$"), "security-key-2");
    }
}
