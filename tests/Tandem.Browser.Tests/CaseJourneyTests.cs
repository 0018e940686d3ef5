using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using NodaTime;
using Tandem.Core.Data;
using Tandem.Core.Security;
using Tandem.Core.Staff;
using Tandem.Web.Tests.Support;

namespace Tandem.Browser.Tests;

public sealed class CaseJourneyTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PairCodesAndWrites_ProposesAReferral_PersonConsents_SocialWorkerSeesTheHandOverOnly()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new TandemApp(database, kestrel: true);
        var baseUrl = app.ServerAddress;
        var psychologist = await app.CreatePractitionerAsync("Julien Roussel", "work_psychologist", Tandem.Core.Requests.Modality.Video);
        await app.CreatePractitionerAsync("Claire Morel", "labour_lawyer", Tandem.Core.Requests.Modality.Video);
        var social = await app.CreatePractitionerAsync("Sophie Benali", "social_worker", Tandem.Core.Requests.Modality.Video);
        var request = await app.CreateRequestAsync(new { pseudonym = "Mésange", themes = new[] { "harassment" }, modality = "video" });
        Instant end;
        using (var coordination = await app.ApiClientAsAsync(await app.CreateStaffAsync(Roles.Coordinator)))
        {
            (await coordination.PostAsJsonAsync($"/api/v1/requests/{request.RequestId}/triage", new { outcome = "accepted" }, Ct)).EnsureSuccessStatusCode();
            var slots = await coordination.GetFromJsonAsync<JsonElement>($"/api/v1/requests/{request.RequestId}/slots", Ct);
            var slot = slots.EnumerateArray().First(s => s.GetProperty("practitioners").EnumerateArray().All(p => p.GetProperty("name").GetString() != "Sophie Benali"));
            var booked = await (await coordination.PostAsJsonAsync($"/api/v1/requests/{request.RequestId}/appointments", new { slotId = slot.GetProperty("slotId").GetString() }, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
            end = Instant.FromDateTimeOffset(booked.GetProperty("end").GetDateTimeOffset());
        }

        await using var browser = await BrowserSession.StartAsync();

        // Before the interview, the person answers the WHO-5 (optional).
        var person = await browser.NewPageAsync(baseUrl, phone: true);
        await BrowserSession.OpenSpaceAsync(person, request.AccessCode);
        await person.GetByRole(AriaRole.Link, new() { Name = "Répondre avant le premier entretien" }).ClickAsync();
        await BrowserSession.AssertAccessibleAsync(person, "c01-who5");
        for (var item = 1; item <= 5; item++)
        {
            await person.Locator($"input[name=item{item}][value='2']").CheckAsync();
        }

        await person.GetByRole(AriaRole.Button, new() { Name = "Envoyer mes réponses" }).ClickAsync();
        await Assertions.Expect(person.GetByText("Merci. Votre score : 40 / 100.")).ToBeVisibleAsync();

        // After the interview, the psychologist records it, codes the axes, writes a note and proposes a referral.
        app.Clock.Reset(end + Duration.FromMinutes(15));
        var pair = await browser.NewPageAsync(baseUrl);
        await BrowserSession.SignInAsync(pair, app, psychologist);
        await pair.GetByRole(AriaRole.Link, new() { Name = "Mes dossiers" }).ClickAsync();
        await BrowserSession.AssertAccessibleAsync(pair, "c02-cases");
        await pair.Locator(".card a").First.ClickAsync();
        await Assertions.Expect(pair.GetByText("40 / 100")).ToBeVisibleAsync();
        await pair.Locator("fieldset", new() { HasText = "Intensité et temps de travail" }).GetByLabel("majeur").CheckAsync();
        await pair.Locator("fieldset", new() { HasText = "Rapports sociaux au travail dégradés" }).GetByLabel("évoqué", new() { Exact = true }).CheckAsync();
        await pair.GetByLabel("Suite").SelectOptionAsync("referral");
        await pair.GetByRole(AriaRole.Button, new() { Name = "Enregistrer le compte rendu" }).ClickAsync();
        await Assertions.Expect(pair.GetByText("Modification enregistrée.")).ToBeVisibleAsync();
        await pair.GetByLabel("Nouvelle note").FillAsync("Évoque des humiliations répétées en réunion d'équipe.");
        await pair.GetByRole(AriaRole.Button, new() { Name = "Enregistrer la note" }).ClickAsync();
        await Assertions.Expect(pair.GetByText("Évoque des humiliations répétées")).ToBeVisibleAsync();
        await pair.GetByLabel("Orienter vers").SelectOptionAsync(new SelectOptionValue { Label = "Sophie Benali (assistant·e de service social du travail)" });
        await pair.GetByLabel("Note de passage de relais").FillAsync("Loyer impayé depuis la séparation ; voir les aides possibles.");
        await pair.GetByRole(AriaRole.Button, new() { Name = "Proposer l'orientation" }).ClickAsync();
        await Assertions.Expect(pair.GetByText("proposée, en attente de la réponse de la personne")).ToBeVisibleAsync();
        await BrowserSession.AssertAccessibleAsync(pair, "c03-case");
        var casePath = new Uri(pair.Url).AbsolutePath;

        // The social worker sees nothing yet.
        var worker = await browser.NewPageAsync(baseUrl);
        await BrowserSession.SignInAsync(worker, app, social);
        await worker.GotoAsync("/espace/orientations");
        await Assertions.Expect(worker.GetByText("Aucune orientation reçue.")).ToBeVisibleAsync();

        // The person consents in their space.
        await BrowserSession.OpenSpaceAsync(person, request.AccessCode);
        await Assertions.Expect(person.GetByText("Sophie Benali (assistant·e de service social du travail)")).ToBeVisibleAsync();
        await BrowserSession.AssertAccessibleAsync(person, "c04-space-referral");
        await person.GetByRole(AriaRole.Button, new() { Name = "J'accepte" }).ClickAsync();
        await Assertions.Expect(person.GetByText("Vous avez accepté l'orientation.")).ToBeVisibleAsync();

        // Now the social worker reads the hand-over — and nothing else of the case.
        await worker.ReloadAsync();
        await Assertions.Expect(worker.GetByText("Loyer impayé depuis la séparation")).ToBeVisibleAsync();
        await Assertions.Expect(worker.GetByText("humiliations")).ToHaveCountAsync(0);
        await Assertions.Expect(worker.GetByText("Mésange")).ToHaveCountAsync(0);
        await BrowserSession.AssertAccessibleAsync(worker, "c05-referrals-received");
        var denied = await worker.GotoAsync(casePath);
        Assert.Equal(404, denied!.Status);
    }
}
