using System.Text.RegularExpressions;
using Microsoft.Playwright;
using NodaTime;
using Tandem.Core.Data;
using Tandem.Core.Security;
using Tandem.Core.Staff;
using Tandem.Web.Tests.Support;

namespace Tandem.Browser.Tests;

public sealed class OrganisationJourneyTests
{
    [Fact]
    public async Task Onboarding_Poster_Calls_ThenTheContactReadsTheClosedQuarter()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new TandemApp(database, kestrel: true);
        var baseUrl = app.ServerAddress;
        var administrator = await app.CreateStaffAsync(Roles.Administrator);
        var contact = await app.CreateStaffAsync(Roles.OrganisationContact);
        var practitioner = await app.CreatePractitionerAsync("Julien Roussel", "work_psychologist", Tandem.Core.Requests.Modality.Phone);
        await using var browser = await BrowserSession.StartAsync();

        // The administrator creates the organisation, its departments, and records the onboarding.
        var admin = await browser.NewPageAsync(baseUrl);
        await BrowserSession.SignInAsync(admin, app, administrator);
        await admin.GotoAsync("/organisations");
        await admin.GetByLabel("Nom").FillAsync("Verrerie du Lac");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Créer l'organisation" }).ClickAsync();
        await Assertions.Expect(admin.GetByRole(AriaRole.Heading, new() { Name = "Verrerie du Lac" })).ToBeVisibleAsync();
        var orgId = Guid.Parse(new Uri(admin.Url).AbsolutePath.Split('/')[^1]);
        foreach (var (name, headcount) in new[] { ("Fours", "60"), ("Emballage", "40") })
        {
            await admin.Locator("#name-department").FillAsync(name);
            await admin.GetByLabel("Effectif (facultatif)").FillAsync(headcount);
            await admin.Locator("form", new() { Has = admin.Locator("#name-department") }).GetByRole(AriaRole.Button, new() { Name = "Ajouter" }).ClickAsync();
            await Assertions.Expect(admin.GetByText("Modification enregistrée.")).ToBeVisibleAsync();
        }

        foreach (var step in new[] { "management_meeting", "works_council", "indicators_agreed", "workers_informed", "live" })
        {
            await admin.GetByLabel("Étape").SelectOptionAsync(step);
            await admin.GetByLabel("Date", new() { Exact = true }).FillAsync("2026-11-02");
            await admin.Locator("#step-attendees").FillAsync("DRH, CSE");
            if (step == "indicators_agreed")
            {
                await admin.GetByLabel("Effectif minimal publié").FillAsync("5");
                foreach (var table in new[] { "service", "thème", "période" })
                {
                    await admin.GetByLabel(table, new() { Exact = true }).CheckAsync();
                }
            }

            await admin.GetByRole(AriaRole.Button, new() { Name = "Enregistrer l'étape" }).ClickAsync();
            await Assertions.Expect(admin.GetByText("Modification enregistrée.")).ToBeVisibleAsync();
        }

        await Assertions.Expect(admin.GetByText("Indicateurs ouverts")).ToBeVisibleAsync();
        await admin.GetByRole(AriaRole.Button, new() { Name = "Rattacher" }).ClickAsync();
        await Assertions.Expect(admin.Locator("#contacts-heading + ul li")).ToHaveCountAsync(1);
        await BrowserSession.AssertAccessibleAsync(admin, "o01-organisation");

        // The poster: a PDF whose QR code leads to the request form with the code filled in.
        var poster = await admin.APIRequest.GetAsync($"/api/v1/organisations/{orgId}/kit/poster.pdf?lang=fr");
        Assert.Equal("application/pdf", poster.Headers["content-type"]);
        using (var pdf = UglyToad.PdfPig.PdfDocument.Open(await poster.BodyAsync()))
        {
            var text = string.Join(" ", pdf.GetPage(1).GetWords().Select(w => w.Text));
            var link = Regex.Match(text, @"https?://\S+/demande\?code=(\w+)");
            Assert.True(link.Success, text);
            var code = link.Groups[1].Value;

            // Employees write in with the code; the practitioner on call logs calls.
            for (var i = 0; i < 7; i++)
            {
                await app.CreateRequestAsync(new { themes = new[] { "burnout" }, modality = "phone", organisationCode = code });
            }
        }

        var line = await browser.NewPageAsync(baseUrl);
        await BrowserSession.SignInAsync(line, app, practitioner);
        await line.GotoAsync("/espace/ligne");
        await BrowserSession.AssertAccessibleAsync(line, "o02-line");
        for (var i = 0; i < 3; i++)
        {
            await line.GetByLabel("Durée (minutes)").FillAsync("25");
            await line.GetByLabel("Organisation et service").SelectOptionAsync(new SelectOptionValue { Label = "Verrerie du Lac — Fours" });
            await line.GetByLabel("épuisement, burn-out").CheckAsync();
            await line.GetByLabel("écoute", new() { Exact = true }).CheckAsync();
            await line.GetByRole(AriaRole.Button, new() { Name = "Enregistrer l'appel" }).ClickAsync();
            await Assertions.Expect(line.GetByText("Appel enregistré.")).ToBeVisibleAsync();
        }

        // The quarter closes; the organisation's contact reads it.
        var today = app.Clock.GetCurrentInstant().InZone(DateTimeZoneProviders.Tzdb["Europe/Paris"]).Date;
        var nextQuarter = new LocalDate(today.Year, (((today.Month - 1) / 3) * 3) + 1, 1).PlusMonths(3);
        app.Clock.Reset(nextQuarter.PlusDays(1).AtStartOfDayInZone(DateTimeZoneProviders.Tzdb["Europe/Paris"]).ToInstant());
        var reader = await browser.NewPageAsync(baseUrl);
        await BrowserSession.SignInAsync(reader, app, contact);
        await reader.GetByRole(AriaRole.Link, new() { Name = "Mon organisation" }).First.ClickAsync();
        await Assertions.Expect(reader.GetByRole(AriaRole.Heading, new() { Name = "Verrerie du Lac" })).ToBeVisibleAsync();
        await reader.GetByRole(AriaRole.Link, new() { Name = "Indicateurs" }).ClickAsync();
        await Assertions.Expect(reader.GetByText("L'absence de sollicitations ne prouve pas")).ToBeVisibleAsync();
        await Assertions.Expect(reader.GetByText("10 sollicitations sur la période")).ToBeVisibleAsync();
        await Assertions.Expect(reader.Locator("img.chart").First).ToBeVisibleAsync();
        var width = await reader.Locator("img.chart").First.EvaluateAsync<double>("i => i.naturalWidth");
        Assert.True(width > 0, "the chart is drawn");
        await BrowserSession.AssertAccessibleAsync(reader, "o03-indicators");
        var csv = await reader.APIRequest.GetAsync(await reader.GetByRole(AriaRole.Link, new() { Name = "Télécharger en CSV" }).GetAttributeAsync("href") ?? string.Empty);
        Assert.Contains("text/csv", csv.Headers["content-type"], StringComparison.Ordinal);
        Assert.Contains("Fours", await csv.TextAsync(), StringComparison.Ordinal);
    }
}
