using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using NodaTime;
using NodaTime.Text;
using Tandem.Core.Data;
using Tandem.Core.Security;
using Tandem.Web.Tests.Support;

namespace Tandem.Browser.Tests;

public sealed class ProgrammeJourneyTests
{
    private static readonly DateTimeZone Paris = DateTimeZoneProviders.Tzdb["Europe/Paris"];

    [Fact]
    public async Task Supervision_FromCreationToTheContactReadingTheSynthesisAndDownloadingTheInvoice()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new TandemApp(database, kestrel: true);
        var baseUrl = app.ServerAddress;
        var coordinator = await app.CreateStaffAsync(Roles.Coordinator);
        var contact = await app.CreateStaffAsync(Roles.OrganisationContact);
        var facilitator = await app.CreatePractitionerAsync("Claire Fontaine", "clinical_psychologist", Tandem.Core.Requests.Modality.InPerson);
        Guid orgId;
        using (var admin = await app.ApiClientAsAsync(await app.CreateStaffAsync(Roles.Administrator)))
        {
            var ct = TestContext.Current.CancellationToken;
            var created = await admin.PostAsJsonAsync("/api/v1/organisations", new { name = "Foyer Les Aubépines", kind = "institution" }, ct);
            orgId = (await created.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("id").GetGuid();
            (await admin.PutAsJsonAsync($"/api/v1/organisations/{orgId}/agreement", new { teamProgrammes = true, billingAddress = "12 chemin des Aubépines\n38000 Grenoble" }, ct)).EnsureSuccessStatusCode();
            (await admin.PostAsJsonAsync($"/api/v1/organisations/{orgId}/contacts", new { staffId = contact.Id }, ct)).EnsureSuccessStatusCode();
        }

        await using var browser = await BrowserSession.StartAsync();
        var today = app.Clock.GetCurrentInstant().InZone(Paris).Date;
        var sessionDay = today.PlusDays(2);

        // The coordination creates a supervision for the institution, within the rules.
        var desk = await browser.NewPageAsync(baseUrl);
        await BrowserSession.SignInAsync(desk, app, coordinator);
        await desk.GotoAsync($"/organisations/{orgId}");
        await desk.GetByRole(AriaRole.Link, new() { Name = "Créer un programme d’équipe" }).ClickAsync();
        await desk.GetByLabel("Supervision d’équipe").CheckAsync();
        await desk.GetByLabel("Intervenant·e").SelectOptionAsync(new SelectOptionValue { Label = "Claire Fontaine" });
        await desk.GetByLabel("Participants").FillAsync("Amélie Rousseau\nBastien Carpentier\nCéline Morel\nDavid Perrin");
        await desk.GetByLabel("Début", new() { Exact = true }).FillAsync(LocalDatePattern.Iso.Format(today));
        await desk.GetByLabel("Fin", new() { Exact = true }).FillAsync(LocalDatePattern.Iso.Format(today.PlusYears(1)));
        await desk.GetByLabel("Séances par mois").FillAsync("2");
        await desk.GetByLabel("Tarif horaire HT").FillAsync("120");
        await BrowserSession.AssertAccessibleAsync(desk, "p01-new-programme");
        await desk.GetByRole(AriaRole.Button, new() { Name = "Créer un programme d’équipe" }).ClickAsync();
        await Assertions.Expect(desk.GetByRole(AriaRole.Heading, new() { Name = "Supervision d’équipe — Foyer Les Aubépines" })).ToBeVisibleAsync();
        await desk.GetByLabel("Début", new() { Exact = true }).FillAsync(LocalDateTimePattern.CreateWithInvariantCulture("uuuu-MM-dd'T'HH:mm").Format(sessionDay.At(new LocalTime(14, 0))));
        await desk.GetByRole(AriaRole.Button, new() { Name = "Prévoir une séance" }).ClickAsync();
        await Assertions.Expect(desk.GetByText("prévue")).ToBeVisibleAsync();
        await BrowserSession.AssertAccessibleAsync(desk, "p02-programme");
        var programmeUrl = desk.Url;
        var links = await desk.Locator("input.copy").EvaluateAllAsync<string[]>("inputs => inputs.map(i => i.value)");
        Assert.Equal(4, links.Length);

        // Each participant accepts the rules by their personal link, on their phone.
        foreach (var link in links)
        {
            var phone = await browser.NewPageAsync(baseUrl, phone: true);
            await phone.GotoAsync(new Uri(link).PathAndQuery);
            await Assertions.Expect(phone.GetByText("Confidentialité : je ne porte pas ailleurs")).ToBeVisibleAsync();
            await phone.GetByLabel("J’ai lu ces règles et je m’engage à les respecter.").CheckAsync();
            await phone.GetByRole(AriaRole.Button, new() { Name = "J’accepte les règles du groupe" }).ClickAsync();
            await Assertions.Expect(phone.GetByText("Vous avez accepté les règles")).ToBeVisibleAsync();
            if (link == links[0])
            {
                await BrowserSession.AssertAccessibleAsync(phone, "p03-rules");
            }

            await phone.Context.CloseAsync();
        }

        // After the session, the facilitator records who came, writes the synthesis, is warned of a name, anonymises it and publishes.
        app.Clock.Reset(sessionDay.At(new LocalTime(17, 0)).InZoneLeniently(Paris).ToInstant());
        var room = await browser.NewPageAsync(baseUrl);
        await BrowserSession.SignInAsync(room, app, facilitator);
        await room.GotoAsync("/espace/programmes");
        await room.GetByRole(AriaRole.Link, new() { Name = "Supervision d’équipe — Foyer Les Aubépines" }).ClickAsync();
        foreach (var name in new[] { "Amélie Rousseau", "Bastien Carpentier", "Céline Morel" })
        {
            await room.GetByLabel(name, new() { Exact = true }).CheckAsync();
        }

        await room.GetByRole(AriaRole.Button, new() { Name = "Enregistrer les présences" }).ClickAsync();
        await Assertions.Expect(room.GetByText("Présents : 3")).ToBeVisibleAsync();
        await room.GetByLabel("Thèmes travaillés").FillAsync("La juste distance avec un résident en fin de vie ; Bastien a évoqué la nuit difficile.");
        await room.GetByLabel("Décisions").FillAsync("Un temps de reprise après chaque décès.");
        await room.GetByRole(AriaRole.Button, new() { Name = "Enregistrer la synthèse" }).ClickAsync();
        await Assertions.Expect(room.GetByText("« bastien » : nom de Bastien Carpentier")).ToBeVisibleAsync();
        await room.GetByRole(AriaRole.Button, new() { Name = "Publier pour l’établissement" }).ClickAsync();
        await Assertions.Expect(room.GetByText("La synthèse contient le nom d’un ou plusieurs participants")).ToBeVisibleAsync();
        await room.GetByText("Écrire la synthèse anonymisée").ClickAsync();
        await room.GetByLabel("Thèmes travaillés").FillAsync("La juste distance avec un résident en fin de vie ; un collègue a évoqué la nuit difficile.");
        await room.GetByRole(AriaRole.Button, new() { Name = "Enregistrer la synthèse" }).ClickAsync();
        await Assertions.Expect(room.GetByText("Cette synthèse contient des noms")).ToHaveCountAsync(0);
        await room.GetByRole(AriaRole.Button, new() { Name = "Publier pour l’établissement" }).ClickAsync();
        await Assertions.Expect(room.GetByText("publiée le")).ToBeVisibleAsync();
        await BrowserSession.AssertAccessibleAsync(room, "p04-facilitator");

        // The month closes; the coordination issues its invoice.
        var nextMonth = new LocalDate(sessionDay.Year, sessionDay.Month, 1).PlusMonths(1);
        app.Clock.Reset(nextMonth.PlusDays(1).At(new LocalTime(9, 0)).InZoneLeniently(Paris).ToInstant());
        var billing = await browser.NewPageAsync(baseUrl);
        await BrowserSession.SignInAsync(billing, app, coordinator);
        await billing.GotoAsync($"/organisations/{orgId}/facturation");
        var month = YearMonthPattern.Iso.Format(sessionDay.ToYearMonth());
        await billing.GetByRole(AriaRole.Button, new() { Name = $"Émettre la facture de {month}" }).ClickAsync();
        await Assertions.Expect(billing.GetByText("La facture est émise.")).ToBeVisibleAsync();

        // The institution's contact reads the synthesis — and nothing of who came — then downloads the invoice.
        var reader = await browser.NewPageAsync(baseUrl);
        await BrowserSession.SignInAsync(reader, app, contact);
        await reader.GetByRole(AriaRole.Link, new() { Name = "Mon organisation" }).First.ClickAsync();
        await reader.GetByRole(AriaRole.Link, new() { Name = "Supervision d’équipe" }).ClickAsync();
        await Assertions.Expect(reader.GetByText("Un temps de reprise après chaque décès.")).ToBeVisibleAsync();
        await Assertions.Expect(reader.GetByText("Présents : 3")).ToBeVisibleAsync();
        await Assertions.Expect(reader.Locator("input.copy")).ToHaveCountAsync(0);
        Assert.Equal(programmeUrl, reader.Url);
        await reader.GotoAsync($"/organisations/{orgId}/facturation");
        await BrowserSession.AssertAccessibleAsync(reader, "p05-billing");
        var href = await reader.GetByRole(AriaRole.Link, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Télécharger la facture F-") }).GetAttributeAsync("href");
        var invoice = await reader.APIRequest.GetAsync(href!);
        Assert.Equal("application/pdf", invoice.Headers["content-type"]);
        using var pdf = UglyToad.PdfPig.PdfDocument.Open(await invoice.BodyAsync());
        var text = string.Join(" ", pdf.GetPages().Select(p => p.Text));

        // One session of two hours at 120 €: 240 € HT, 48 € of VAT, 288 € TTC.
        Assert.Contains("240,00", text, StringComparison.Ordinal);
        Assert.Contains("48,00", text, StringComparison.Ordinal);
        Assert.Contains("288,00", text, StringComparison.Ordinal);
        Assert.Contains("Foyer Les Aubépines", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Amélie", text, StringComparison.Ordinal);
    }
}
