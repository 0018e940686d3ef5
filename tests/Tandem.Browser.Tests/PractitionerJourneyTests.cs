using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Tandem.Core.Data;
using Tandem.Core.Organisations;
using Tandem.Core.Security;
using Tandem.Core.Staff;
using Tandem.Web.Tests.Support;

namespace Tandem.Browser.Tests;

public sealed class PractitionerJourneyTests
{
    [Fact]
    public async Task Practitioner_ProfileAvailabilityLeaveLinksAgenda_EveryPageAccessible()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new TandemApp(database, kestrel: true);
        var baseUrl = app.ServerAddress;
        await using (var scope = app.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TandemDbContext>();
            var org = new Organisation { Id = Guid.NewGuid(), Name = "Clinique des Tilleuls", Code = "TILLEULS" };
            org.Units.Add(new OrganisationUnit { Id = Guid.NewGuid(), OrganisationId = org.Id, Kind = UnitKind.Department, Name = "Soins", Position = 0 });
            db.Organisations.Add(org);
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        var practitioner = await app.CreateStaffAsync(Roles.Practitioner);
        await using var browser = await BrowserSession.StartAsync();
        var page = await browser.NewPageAsync(baseUrl);
        await page.GotoAsync("/connexion");
        await page.GetByLabel("Adresse e-mail").FillAsync(practitioner.Email);
        await page.GetByLabel("Mot de passe").FillAsync(practitioner.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Continuer" }).ClickAsync();
        await page.GetByLabel("Code à 6 chiffres").FillAsync(TotpCodes.Compute(practitioner.TotpSecret, app.Clock.GetCurrentInstant()));
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        await BrowserSession.WaitForAddressAsync(page, new Regex("/espace$"), "practitioner-1");

        // The public profile.
        await page.GetByRole(AriaRole.Link, new() { Name = "Mon profil public" }).ClickAsync();
        await BrowserSession.AssertAccessibleAsync(page, "p01-profile");
        await page.GetByLabel("Nom public").FillAsync("Camille Laurent");
        await page.GetByLabel("psychologue du travail").CheckAsync();
        await page.GetByLabel("en visio").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Modification enregistrée.")).ToBeVisibleAsync();

        // A weekly window, a week of leave, a prior link.
        await page.GotoAsync("/espace/disponibilites");
        await BrowserSession.AssertAccessibleAsync(page, "p02-availability");
        await page.GetByLabel("Jour").SelectOptionAsync("Tuesday");
        await page.GetByLabel("Début").FillAsync("14:00");
        await page.GetByLabel("Fin", new() { Exact = true }).FillAsync("18:00");
        await page.GetByLabel("Modalité").SelectOptionAsync("video");
        await page.GetByRole(AriaRole.Button, new() { Name = "Ajouter ce créneau" }).ClickAsync();
        await Assertions.Expect(page.GetByText("mardi 14:00–18:00 · en visio")).ToBeVisibleAsync();

        await page.GetByLabel("Fin", new() { Exact = true }).FillAsync("08:00");
        await page.GetByRole(AriaRole.Button, new() { Name = "Ajouter ce créneau" }).ClickAsync();
        await Assertions.Expect(page.GetByText("La fin doit venir après le début.")).ToBeVisibleAsync();
        await BrowserSession.AssertAccessibleAsync(page, "p03-availability-error");

        await page.GetByLabel("Du").FillAsync("2026-12-21");
        await page.GetByLabel("Au (inclus)").FillAsync("2026-12-27");
        await page.GetByRole(AriaRole.Button, new() { Name = "Ajouter cette absence" }).ClickAsync();
        await Assertions.Expect(page.Locator("#leave-heading + ul li")).ToHaveCountAsync(1);

        await page.GetByLabel("Organisation", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Clinique des Tilleuls — Soins" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Déclarer ce lien" }).ClickAsync();
        await Assertions.Expect(page.Locator("#links-heading ~ ul li")).ToContainTextAsync("Clinique des Tilleuls — Soins");
        await BrowserSession.AssertAccessibleAsync(page, "p04-availability-filled");

        await page.GotoAsync("/espace/entretiens");
        await BrowserSession.AssertAccessibleAsync(page, "p05-agenda");

        // The profile is public.
        await page.GotoAsync("/");
        await Assertions.Expect(page.GetByText("Camille Laurent")).ToBeVisibleAsync();
    }
}
