using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Tandem.Core.Data;
using Tandem.Core.Organisations;
using Tandem.Core.Security;
using Tandem.Core.Staff;
using Tandem.Web.Tests.Support;

namespace Tandem.Browser.Tests;

public sealed class RequestJourneyTests
{
    [Fact]
    public async Task Request_OnAPhone_CrisisCodeSpaceTriageReplyErase_EveryPageAccessible()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new TandemApp(database, kestrel: true);
        var baseUrl = app.ServerAddress;
        await using (var scope = app.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TandemDbContext>();
            var org = new Organisation { Id = Guid.NewGuid(), Name = "Métallerie Durand", Code = "DURAND" };
            org.Units.Add(new OrganisationUnit { Id = Guid.NewGuid(), OrganisationId = org.Id, Kind = UnitKind.Department, Name = "Atelier", Position = 0 });
            org.Units.Add(new OrganisationUnit { Id = Guid.NewGuid(), OrganisationId = org.Id, Kind = UnitKind.JobFamily, Name = "Ouvriers", Position = 0 });
            db.Organisations.Add(org);
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        var coordinator = await app.CreateStaffAsync(Roles.Coordinator);
        await app.CreatePractitionerAsync("Julien Roussel", "work_psychologist", Tandem.Core.Requests.Modality.Phone);
        await app.CreatePractitionerAsync("Sophie Benali", "social_worker", Tandem.Core.Requests.Modality.Phone);
        await using var browser = await BrowserSession.StartAsync();
        var person = await browser.NewPageAsync(baseUrl, phone: true);

        // The crisis question comes first; "yes" shows the emergency numbers before anything else.
        await person.GotoAsync("/demande");
        await BrowserSession.AssertAccessibleAsync(person, "r01-question");
        await person.GetByRole(AriaRole.Link, new() { Name = "Oui" }).ClickAsync();
        await Assertions.Expect(person.GetByRole(AriaRole.Alert).GetByText("3114")).ToBeVisibleAsync();
        var alertBox = await person.GetByRole(AriaRole.Alert).BoundingBoxAsync();
        var heading = await person.GetByRole(AriaRole.Heading, new() { Level = 1 }).BoundingBoxAsync();
        Assert.True(alertBox!.Y < heading!.Y, "the emergency numbers come before the form");
        await BrowserSession.AssertAccessibleAsync(person, "r02-form-crisis");

        // The form, with the organisation's lists after its code is checked.
        await person.GetByLabel("stress", new() { Exact = true }).CheckAsync();
        await person.GetByLabel("isolement ou exclusion").CheckAsync();
        await person.GetByLabel("par téléphone").CheckAsync();
        await person.GetByLabel("Code de votre organisation (facultatif)").FillAsync("durand");
        await person.GetByRole(AriaRole.Button, new() { Name = "Vérifier le code" }).ClickAsync();
        await person.GetByLabel("Votre service").SelectOptionAsync(new SelectOptionValue { Label = "Atelier" });
        await person.GetByLabel("Un pseudonyme (facultatif)").FillAsync("Mésange");
        await person.GetByLabel("Votre message (facultatif)").FillAsync("Je ne dors plus depuis la réorganisation.");
        await BrowserSession.AssertAccessibleAsync(person, "r03-form-filled");
        await person.GetByRole(AriaRole.Button, new() { Name = "Continuer" }).ClickAsync();

        // The code, shown once, confirmed by typing its last group back.
        var code = (await person.GetByTestId("access-code").TextContentAsync())!.Trim();
        Assert.Matches("^[A-Z2-9]{5}(-[A-Z2-9]{5}){4}$", code);
        await BrowserSession.AssertAccessibleAsync(person, "r04-code");
        await person.GetByLabel(new Regex("recopiez son dernier groupe")).FillAsync("AAAAA");
        await person.GetByRole(AriaRole.Button, new() { Name = "Envoyer ma demande" }).ClickAsync();
        await Assertions.Expect(person.Locator(".field-error:not(:empty)")).ToBeVisibleAsync();
        await person.GetByLabel(new Regex("recopiez son dernier groupe")).FillAsync(code[^5..].ToLowerInvariant());
        await person.GetByRole(AriaRole.Button, new() { Name = "Envoyer ma demande" }).ClickAsync();
        await Assertions.Expect(person.GetByRole(AriaRole.Heading, new() { Name = "Votre demande est envoyée" })).ToBeVisibleAsync();
        await BrowserSession.AssertAccessibleAsync(person, "r05-sent");

        // The person opens the space with the code.
        await person.GetByRole(AriaRole.Link, new() { Name = "Ouvrir mon espace" }).Last.ClickAsync();
        await person.GetByLabel("Code d'accès").FillAsync(code);
        await person.GetByRole(AriaRole.Button, new() { Name = "Ouvrir", Exact = true }).ClickAsync();
        await BrowserSession.WaitForAddressAsync(person, new Regex("/mon-espace$"), "request-1");
        await Assertions.Expect(person.GetByText("Reçue")).ToBeVisibleAsync();
        await BrowserSession.AssertAccessibleAsync(person, "r06-space");

        // The coordination sees it at once, urgent, writes and accepts.
        var staff = await browser.NewPageAsync(baseUrl);
        await staff.GotoAsync("/connexion");
        await staff.GetByLabel("Adresse e-mail").FillAsync(coordinator.Email);
        await staff.GetByLabel("Mot de passe").FillAsync(coordinator.Password);
        await staff.GetByRole(AriaRole.Button, new() { Name = "Continuer" }).ClickAsync();
        await staff.GetByLabel("Code à 6 chiffres").FillAsync(TotpCodes.Compute(coordinator.TotpSecret, app.Clock.GetCurrentInstant()));
        await staff.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        await BrowserSession.WaitForAddressAsync(staff, new Regex("/espace$"), "request-2");
        await Assertions.Expect(staff.Locator(".counter")).ToHaveTextAsync("1");
        await staff.GotoAsync("/coordination");
        await Assertions.Expect(staff.GetByText("Urgent").First).ToBeVisibleAsync();
        await BrowserSession.AssertAccessibleAsync(staff, "r07-queue");
        await staff.GetByRole(AriaRole.Link, new() { Name = "Ouvrir" }).First.ClickAsync();
        await Assertions.Expect(staff.GetByText("Je ne dors plus depuis la réorganisation.")).ToBeVisibleAsync();
        await BrowserSession.AssertAccessibleAsync(staff, "r08-request");
        await staff.GetByLabel(new Regex("Écrire à la personne")).FillAsync("Bonjour, pouvez-vous vous libérer 1 h 30 un matin ?");
        await staff.GetByRole(AriaRole.Button, new() { Name = "Envoyer" }).ClickAsync();
        await staff.GetByLabel("Accepter").CheckAsync();
        await staff.GetByRole(AriaRole.Button, new() { Name = "Enregistrer la décision" }).ClickAsync();
        await Assertions.Expect(staff.GetByText("Acceptée")).ToBeVisibleAsync();

        // The person reads, chooses the first interview among the offered slots, and replies.
        await person.ReloadAsync();
        await Assertions.Expect(person.GetByText("Acceptée")).ToBeVisibleAsync();
        await person.GetByRole(AriaRole.Link, new() { Name = "Choisir un créneau" }).ClickAsync();
        await BrowserSession.AssertAccessibleAsync(person, "r085-slots");
        await person.Locator("input[name=slotId]").First.CheckAsync();
        await person.GetByRole(AriaRole.Button, new() { Name = "Réserver ce créneau" }).ClickAsync();
        await Assertions.Expect(person.GetByText("Indiquez le numéro où les intervenants vous appelleront.")).ToBeVisibleAsync();
        await person.Locator("input[name=slotId]").First.CheckAsync();
        await person.GetByLabel(new Regex("Numéro où vous appeler")).FillAsync("06 12 34 56 78");
        await person.GetByRole(AriaRole.Button, new() { Name = "Réserver ce créneau" }).ClickAsync();
        await Assertions.Expect(person.GetByText("Votre entretien est réservé.")).ToBeVisibleAsync();
        await Assertions.Expect(person.Locator(".appointment")).ToContainTextAsync("Julien Roussel (psychologue du travail)");
        await Assertions.Expect(person.Locator(".appointment")).ToContainTextAsync("Sophie Benali (assistant·e de service social du travail)");
        await Assertions.Expect(person.GetByText("pouvez-vous vous libérer 1 h 30")).ToBeVisibleAsync();
        await person.GetByLabel("Écrire à la coordination").FillAsync("Oui, le mardi matin.");
        await person.GetByRole(AriaRole.Button, new() { Name = "Envoyer" }).ClickAsync();
        await Assertions.Expect(person.GetByText("Oui, le mardi matin.")).ToBeVisibleAsync();
        await BrowserSession.AssertAccessibleAsync(person, "r09-space-conversation");
        await staff.ReloadAsync();
        await Assertions.Expect(staff.GetByText("Oui, le mardi matin.")).ToBeVisibleAsync();

        // The person erases everything; the code opens nothing any more.
        await person.GetByRole(AriaRole.Link, new() { Name = "Effacer tout mon espace" }).ClickAsync();
        await BrowserSession.AssertAccessibleAsync(person, "r10-erase");
        await person.GetByLabel(new Regex("tout sera supprimé")).CheckAsync();
        await person.GetByRole(AriaRole.Button, new() { Name = "Effacer définitivement" }).ClickAsync();
        await Assertions.Expect(person.GetByText("Votre espace a été effacé.")).ToBeVisibleAsync();
        await person.GetByLabel("Code d'accès").FillAsync(code);
        await person.GetByRole(AriaRole.Button, new() { Name = "Ouvrir", Exact = true }).ClickAsync();
        await Assertions.Expect(person.GetByText("Ce code ne correspond à aucun espace.").First).ToBeVisibleAsync();
        await BrowserSession.AssertAccessibleAsync(person, "r11-erased");
    }

    [Fact]
    public async Task HomeAndCharter_OnAPhone_AreAccessible()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new TandemApp(database, kestrel: true);
        await using var browser = await BrowserSession.StartAsync();
        var page = await browser.NewPageAsync(app.ServerAddress, phone: true);
        await page.GotoAsync("/");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Qui voit quoi" })).ToBeVisibleAsync();
        await BrowserSession.AssertAccessibleAsync(page, "home-phone-full");
        await page.GetByRole(AriaRole.Link, new() { Name = "Lire la charte de confidentialité et d'anonymat" }).ClickAsync();
        await BrowserSession.AssertAccessibleAsync(page, "charter-phone");
    }
}
