using Microsoft.Playwright;
using NodaTime;
using NodaTime.Text;
using Tandem.Core.Data;
using Tandem.Core.Security;
using Tandem.Web.Tests.Support;

namespace Tandem.Browser.Tests;

public sealed class GroupJourneyTests
{
    private static readonly DateTimeZone Paris = DateTimeZoneProviders.Tzdb["Europe/Paris"];

    [Fact]
    public async Task SupportGroup_SetUpByTheCoordination_JoinedFromAPhoneByPseudonym_AttendanceRecordedByTheFacilitator()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new TandemApp(database, kestrel: true);
        var baseUrl = app.ServerAddress;
        var coordinator = await app.CreateStaffAsync(Roles.Coordinator);
        var facilitator = await app.CreatePractitionerAsync("Marion Lemaire", "clinical_psychologist", Tandem.Core.Requests.Modality.InPerson);
        var request = await app.CreateRequestAsync(new { pseudonym = "Mésange", themes = new[] { "stress" }, modality = "in_person" });
        await app.ProposeGroupsAsync(request.RequestId);
        await using var browser = await BrowserSession.StartAsync();
        var first = app.Clock.GetCurrentInstant().InZone(Paris).Date.PlusDays(3).At(new LocalTime(18, 0));

        // The coordination sets up a monthly group and its next three meetings.
        var desk = await browser.NewPageAsync(baseUrl);
        await BrowserSession.SignInAsync(desk, app, coordinator);
        await desk.GetByRole(AriaRole.Link, new() { Name = "Groupes et ateliers" }).ClickAsync();
        await desk.GetByLabel("Nom", new() { Exact = true }).FillAsync("Groupe du jeudi soir");
        await desk.GetByLabel("Animateur ou animatrice", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Marion Lemaire" });
        await desk.GetByLabel("Lieu (pour une séance en présentiel)").FillAsync("Maison des associations, salle 3");
        await BrowserSession.AssertAccessibleAsync(desk, "g01-groups");
        await desk.GetByRole(AriaRole.Button, new() { Name = "Créer un groupe ou un atelier" }).ClickAsync();
        await Assertions.Expect(desk.GetByRole(AriaRole.Heading, new() { Name = "Groupe du jeudi soir" })).ToBeVisibleAsync();
        await desk.GetByLabel("Début").FillAsync(LocalDateTimePattern.CreateWithInvariantCulture("uuuu-MM-dd'T'HH:mm").Format(first));
        await desk.GetByLabel("Nombre de séances mensuelles").FillAsync("3");
        await desk.GetByRole(AriaRole.Button, new() { Name = "Prévoir des séances" }).ClickAsync();
        await Assertions.Expect(desk.Locator("article, li.card").Filter(new() { HasText = "–" })).ToHaveCountAsync(3);
        await BrowserSession.AssertAccessibleAsync(desk, "g02-group");

        // The person joins from their phone, under a pseudonym the others will see.
        var phone = await browser.NewPageAsync(baseUrl, phone: true);
        await BrowserSession.OpenSpaceAsync(phone, request.AccessCode);
        await phone.GetByRole(AriaRole.Link, new() { Name = "Voir le groupe de parole et les ateliers" }).ClickAsync();
        await Assertions.Expect(phone.GetByRole(AriaRole.Heading, new() { Name = "Groupe du jeudi soir" })).ToBeVisibleAsync();
        await phone.GetByLabel("Votre pseudonyme dans le groupe").FillAsync("Colibri");
        await phone.GetByRole(AriaRole.Button, new() { Name = "Rejoindre le groupe" }).ClickAsync();
        await Assertions.Expect(phone.GetByText("Votre place est confirmée.")).ToBeVisibleAsync();
        await Assertions.Expect(phone.GetByText("Membres (pseudonymes) : Colibri")).ToBeVisibleAsync();
        await BrowserSession.AssertAccessibleAsync(phone, "g03-space-groups");

        // After the first meeting, the facilitator records who came.
        app.Clock.Reset(first.InZoneLeniently(Paris).ToInstant() + Duration.FromHours(2));
        var room = await browser.NewPageAsync(baseUrl);
        await BrowserSession.SignInAsync(room, app, facilitator);
        await room.GotoAsync("/espace/groupes");
        await room.GetByRole(AriaRole.Link, new() { Name = "Groupe du jeudi soir" }).ClickAsync();
        await room.GetByLabel("Colibri").CheckAsync();
        await room.GetByRole(AriaRole.Button, new() { Name = "Enregistrer les présences" }).ClickAsync();
        await Assertions.Expect(room.GetByText("Présents : 1")).ToBeVisibleAsync();
        await BrowserSession.AssertAccessibleAsync(room, "g04-attendance");
    }
}
