using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using NodaTime;
using NodaTime.Text;
using Tandem.Core.Data;
using Tandem.Core.Security;
using Tandem.Core.Staff;
using Tandem.Web.Tests.Support;

namespace Tandem.Browser.Tests;

public sealed class SchedulingJourneyTests
{
    private static readonly string[] Revealing = ["psycholog", "soutien", "écoute", "stress", "Mésange", "Roussel", "Benali", "juriste", "social"];

    [Fact]
    public async Task Accepted_BooksANamedPair_NeutralReminderArrives_PairMarksHeld_SecondInterviewBooked()
    {
        TestMailbox.SkipWithoutServer();
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new TandemApp(database, kestrel: true);
        var baseUrl = app.ServerAddress;
        var place = "12 rue des Lilas, Lyon";
        var access = "2e étage, code 4512B, sonner à « Cabinet »";
        var roussel = await app.CreatePractitionerAsync("Julien Roussel", "work_psychologist", Tandem.Core.Requests.Modality.InPerson, place, access);
        await app.CreatePractitionerAsync("Sophie Benali", "social_worker", Tandem.Core.Requests.Modality.InPerson, place, access);
        var request = await app.CreateRequestAsync(new { pseudonym = "Mésange", themes = new[] { "stress" }, modality = "in_person", message = "Je ne dors plus." });
        using (var coordination = await app.ApiClientAsAsync(await app.CreateStaffAsync(Roles.Coordinator)))
        {
            (await coordination.PostAsync($"/api/v1/requests/{request.RequestId}/triage", System.Net.Http.Json.JsonContent.Create(new { outcome = "accepted" }), TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        }

        await using var browser = await BrowserSession.StartAsync();
        var person = await browser.NewPageAsync(baseUrl, phone: true);
        await BrowserSession.OpenSpaceAsync(person, request.AccessCode);

        // An e-mail address for reminders, then the named pairs, and the booking.
        var address = TestMailbox.NewAddress();
        await person.GetByLabel("e-mail").CheckAsync();
        await person.GetByLabel("Numéro ou adresse").FillAsync(address);
        await person.GetByRole(AriaRole.Button, new() { Name = "Enregistrer le contact" }).ClickAsync();
        await person.GetByRole(AriaRole.Link, new() { Name = "Choisir un créneau" }).ClickAsync();
        await Assertions.Expect(person.GetByText("Julien Roussel (psychologue du travail)").First).ToBeVisibleAsync();
        await BrowserSession.AssertAccessibleAsync(person, "s01-slots");
        await person.Locator("input[name=slotId]").First.CheckAsync();
        await person.GetByRole(AriaRole.Button, new() { Name = "Réserver ce créneau" }).ClickAsync();
        await Assertions.Expect(person.GetByText("Votre entretien est réservé.")).ToBeVisibleAsync();
        await Assertions.Expect(person.Locator(".appointment").First).ToContainTextAsync("Sophie Benali");
        await Assertions.Expect(person.Locator(".appointment").First).ToContainTextAsync(access);
        await BrowserSession.AssertAccessibleAsync(person, "s02-space-booked");

        // The reminder leaves the day before, neutral, with a calendar file.
        Tandem.Core.Scheduling.Appointment start;
        await using (var scope = app.Scope())
        {
            start = await scope.ServiceProvider.GetRequiredService<TandemDbContext>().Appointments.SingleAsync(TestContext.Current.CancellationToken);
        }

        app.Clock.Reset(start.Start - Duration.FromHours(24) + Duration.FromMinutes(1));
        var mails = await TestMailbox.WaitForAsync(address, 2);
        var reminder = Assert.Single(mails, m => (m.Subject ?? string.Empty).StartsWith("Rappel", StringComparison.Ordinal));
        var text = reminder.Subject + reminder.TextBody;
        Assert.Contains(place, text, StringComparison.Ordinal);
        Assert.Contains(access, text, StringComparison.Ordinal);
        foreach (var word in Revealing)
        {
            Assert.DoesNotContain(word, text, StringComparison.OrdinalIgnoreCase);
        }

        Assert.Contains(reminder.Attachments, a => a.ContentType.MimeType == "text/calendar");

        // After the interview, the pair records it held, from the day view of the agenda.
        app.Clock.Reset(start.End + Duration.FromMinutes(10));
        var practitioner = await browser.NewPageAsync(baseUrl);
        await BrowserSession.SignInAsync(practitioner, app, roussel);
        await practitioner.GotoAsync($"/espace/entretiens?vue=jour&date={LocalDatePattern.Iso.Format(start.Start.InZone(DateTimeZoneProviders.Tzdb["Europe/Paris"]).Date)}");
        await Assertions.Expect(practitioner.GetByText(access)).ToBeVisibleAsync();
        await Assertions.Expect(practitioner.GetByText("Mésange")).ToHaveCountAsync(0);
        await BrowserSession.AssertAccessibleAsync(practitioner, "s03-agenda-day");
        await practitioner.GetByRole(AriaRole.Button, new() { Name = "L'entretien a eu lieu" }).ClickAsync();
        await Assertions.Expect(practitioner.GetByText("Présence : l'entretien a eu lieu.").First).ToBeVisibleAsync();
        await practitioner.GetByRole(AriaRole.Link, new() { Name = "Voir la semaine" }).ClickAsync();
        await BrowserSession.AssertAccessibleAsync(practitioner, "s04-agenda-week");

        // The person books the second interview with the same pair, about a month later.
        await BrowserSession.OpenSpaceAsync(person, request.AccessCode);
        await person.GetByRole(AriaRole.Link, new() { Name = "Choisir le second entretien" }).ClickAsync();
        await Assertions.Expect(person.GetByText("Julien Roussel (psychologue du travail)").First).ToBeVisibleAsync();
        await BrowserSession.AssertAccessibleAsync(person, "s05-second-slots");
        await person.Locator("input[name=slotId]").First.CheckAsync();
        await person.GetByRole(AriaRole.Button, new() { Name = "Réserver ce créneau" }).ClickAsync();
        await Assertions.Expect(person.GetByText("Votre entretien est réservé.")).ToBeVisibleAsync();
        await Assertions.Expect(person.Locator(".appointment")).ToHaveCountAsync(2);
        await BrowserSession.AssertAccessibleAsync(person, "s06-space-second");

        // Moving the second interview is one step: choose another slot, the old one is let go.
        var before = await person.Locator(".appointment").Nth(1).Locator("strong").TextContentAsync();
        await person.GetByRole(AriaRole.Link, new() { Name = "Déplacer ce rendez-vous" }).ClickAsync();
        await Assertions.Expect(person.GetByRole(AriaRole.Heading, new() { Name = "Déplacer l'entretien" })).ToBeVisibleAsync();
        await BrowserSession.AssertAccessibleAsync(person, "s07-move");
        await person.Locator("input[name=slotId]").Nth(3).CheckAsync();
        await person.GetByRole(AriaRole.Button, new() { Name = "Réserver ce créneau" }).ClickAsync();
        await Assertions.Expect(person.GetByText("Votre entretien est déplacé.")).ToBeVisibleAsync();
        await Assertions.Expect(person.Locator(".appointment")).ToHaveCountAsync(2);
        Assert.NotEqual(before, await person.Locator(".appointment").Nth(1).Locator("strong").TextContentAsync());
    }
}
