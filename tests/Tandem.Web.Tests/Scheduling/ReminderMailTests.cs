using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using NodaTime;
using NodaTime.Text;
using Tandem.Core.Data;
using Tandem.Core.Mail;
using Tandem.Web.Tests.Support;

namespace Tandem.Web.Tests.Scheduling;

/// <summary>Mails through the outbox to the real SMTP server of ./test.sh, read back from its Maildir.</summary>
public abstract class ReminderMailTests(AppFixture fixture) : AppTests(fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Words that would tell a reader of the mailbox what the appointment is about or who the person is.</summary>
    private static readonly string[] Revealing = ["psycholog", "soutien", "support", "écoute", "listening", "stress", "conflit", "conflict", "Hirondelle", "coach", "Psy "];

    private sealed record Booked(Guid RequestId, Guid AppointmentId, Instant Start, string Address, HttpClient Person, string Tag);

    /// <summary>A request with a pseudonym and themes, accepted, an e-mail contact, and a booked video interview.</summary>
    private async Task<Booked> BookWithEmailAsync(bool withContact = true)
    {
        var tag = await App.PairAsync();
        var request = await App.CreateRequestAsync(new { pseudonym = "Hirondelle", themes = new[] { "stress", "conflict" }, modality = "video", message = "Mon chef me crie dessus." });
        var coordinator = await App.CreateStaffAsync(Core.Security.Roles.Coordinator);
        using (var coordination = await App.ApiClientAsAsync(coordinator))
        {
            (await coordination.PostAsJsonAsync($"/api/v1/requests/{request.RequestId}/triage", new { outcome = "accepted" }, Ct)).EnsureSuccessStatusCode();
        }

        var person = await App.BeneficiaryClientAsync(request.AccessCode);
        var address = TestMailbox.NewAddress();
        if (withContact)
        {
            (await person.PutAsJsonAsync("/api/v1/beneficiary/me/contact", new { kind = "email", value = address }, Ct)).EnsureSuccessStatusCode();
        }

        var slot = await SchedulingHelpers.FirstSlotOfAsync(person, request.RequestId, tag);
        var booked = await person.PostAsJsonAsync($"/api/v1/requests/{request.RequestId}/appointments", new { slotId = slot.GetProperty("slotId").GetString() }, Ct);
        Assert.Equal(HttpStatusCode.Created, booked.StatusCode);
        var appointment = await booked.Content.ReadFromJsonAsync<JsonElement>(Ct);
        return new Booked(request.RequestId, appointment.GetProperty("appointmentId").GetGuid(),
            InstantPattern.ExtendedIso.Parse(appointment.GetProperty("start").GetString()!).Value, address, person, tag);
    }

    private static string Text(MimeMessage message) => message.Subject + "\n" + message.TextBody + "\n" + Calendar(message);

    private static string Calendar(MimeMessage message) =>
        message.Attachments.OfType<MimePart>().Where(p => p.ContentType.MimeType == "text/calendar")
            .Select(p => { using var s = new MemoryStream(); p.Content!.DecodeTo(s); return System.Text.Encoding.UTF8.GetString(s.ToArray()); })
            .SingleOrDefault() ?? string.Empty;

    private static void AssertNeutral(MimeMessage message, string tag)
    {
        var text = Text(message);
        foreach (var word in Revealing.Append(tag))
        {
            Assert.DoesNotContain(word, text, StringComparison.OrdinalIgnoreCase);
        }

        Assert.DoesNotContain("ATTENDEE", text, StringComparison.Ordinal);
        Assert.DoesNotContain("ORGANIZER", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Booking_SendsANeutralConfirmationWithACalendarFile_ThenOneReminderTheDayBefore()
    {
        TestMailbox.SkipWithoutServer();
        var booked = await BookWithEmailAsync();

        var confirmation = Assert.Single(await TestMailbox.WaitForAsync(booked.Address));
        Assert.Contains("Rendez-vous confirmé", confirmation.Subject, StringComparison.Ordinal);
        Assert.Contains("Appointment confirmed", confirmation.Subject, StringComparison.Ordinal);
        Assert.Contains("https://visio.tandem.test/", confirmation.TextBody, StringComparison.Ordinal);
        Assert.Contains("https://tandem.test/mon-espace/connexion", confirmation.TextBody, StringComparison.Ordinal);
        var ics = Calendar(confirmation);
        Assert.Contains("METHOD:REQUEST", ics, StringComparison.Ordinal);
        Assert.Contains("DTSTART:" + booked.Start.ToDateTimeUtc().ToString("yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture), ics, StringComparison.Ordinal);
        Assert.Contains("SUMMARY:Rendez-vous", ics, StringComparison.Ordinal);
        AssertNeutral(confirmation, booked.Tag);

        // Nothing else before the reminder is due; then exactly one reminder.
        await Task.Delay(1500, Ct);
        Assert.Single(TestMailbox.To(booked.Address));
        App.Clock.Reset(booked.Start - Duration.FromHours(24) + Duration.FromMinutes(1));
        var both = await TestMailbox.WaitForAsync(booked.Address, 2);
        var reminder = Assert.Single(both, m => (m.Subject ?? string.Empty).Contains("Rappel", StringComparison.Ordinal));
        AssertNeutral(reminder, booked.Tag);
        await Task.Delay(2500, Ct);
        Assert.Equal(2, TestMailbox.To(booked.Address).Count);
        booked.Person.Dispose();
    }

    [Fact]
    public async Task Cancelling_DropsTheReminder_AndSendsACancellation()
    {
        TestMailbox.SkipWithoutServer();
        var booked = await BookWithEmailAsync();
        await TestMailbox.WaitForAsync(booked.Address);
        Assert.Equal(HttpStatusCode.NoContent, (await booked.Person.PostAsync($"/api/v1/appointments/{booked.AppointmentId}/cancel", null, Ct)).StatusCode);

        var cancellation = (await TestMailbox.WaitForAsync(booked.Address, 2)).Single(m => (m.Subject ?? string.Empty).Contains("annulé", StringComparison.Ordinal));
        Assert.Contains("METHOD:CANCEL", Calendar(cancellation), StringComparison.Ordinal);
        Assert.Contains("STATUS:CANCELLED", Calendar(cancellation), StringComparison.Ordinal);
        AssertNeutral(cancellation, booked.Tag);

        App.Clock.Reset(booked.Start - Duration.FromHours(23));
        await Task.Delay(2500, Ct);
        Assert.DoesNotContain(TestMailbox.To(booked.Address), m => (m.Subject ?? string.Empty).Contains("Rappel", StringComparison.Ordinal));
        Assert.Equal(2, TestMailbox.To(booked.Address).Count);
        booked.Person.Dispose();
    }

    [Fact]
    public async Task WithoutAnEmail_NothingIsSent_AndTheMessagesAreMarkedSkipped()
    {
        TestMailbox.SkipWithoutServer();
        var booked = await BookWithEmailAsync(withContact: false);
        await using var scope = App.Scope();
        var db = scope.ServiceProvider.GetRequiredService<TandemDbContext>();
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (await db.OutboxMessages.AnyAsync(m => m.AppointmentId == booked.AppointmentId && m.Kind == OutboxKind.AppointmentBooked && m.State == OutboxState.Pending, Ct)
            && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200, Ct);
        }

        Assert.Equal(OutboxState.Skipped, await db.OutboxMessages.Where(m => m.AppointmentId == booked.AppointmentId && m.Kind == OutboxKind.AppointmentBooked).Select(m => m.State).SingleAsync(Ct));
        booked.Person.Dispose();
    }

    [Fact]
    public async Task ANewRequest_TellsTheCoordinationAddress_NothingButThat()
    {
        TestMailbox.SkipWithoutServer();
        var before = TestMailbox.To(TestMailbox.CoordinationAddress).Count;
        await App.CreateRequestAsync(new { pseudonym = "Hirondelle", themes = new[] { "stress" }, modality = "phone", message = "Personne ne doit savoir." });
        var all = await TestMailbox.WaitForAsync(TestMailbox.CoordinationAddress, before + 1);
        Assert.True(all.Count > before);
        foreach (var message in all)
        {
            Assert.StartsWith("Nouvelle demande", message.Subject, StringComparison.Ordinal);
            Assert.DoesNotContain("Hirondelle", Text(message), StringComparison.Ordinal);
            Assert.DoesNotContain("Personne ne doit savoir", Text(message), StringComparison.Ordinal);
            Assert.DoesNotContain("stress", Text(message), StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task TwoInstances_SendEachMessageOnce()
    {
        TestMailbox.SkipWithoutServer();
        var booked = await BookWithEmailAsync();
        await TestMailbox.WaitForAsync(booked.Address);
        await using var other = new TandemApp(Fixture.Database, App.Clock);
        _ = other.Server;

        const int count = 30;
        await using (var scope = App.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TandemDbContext>();
            var now = App.Clock.GetCurrentInstant();
            db.OutboxMessages.AddRange(Enumerable.Range(0, count).Select(_ => new OutboxMessage
            {
                Id = Guid.NewGuid(),
                Kind = OutboxKind.AppointmentReminder,
                AppointmentId = booked.AppointmentId,
                DueAt = now,
                CreatedAt = now,
            }));
            await db.SaveChangesAsync(Ct);
        }

        var received = await TestMailbox.WaitForAsync(booked.Address, count + 1, seconds: 40);
        await Task.Delay(2500, Ct);
        received = TestMailbox.To(booked.Address);
        Assert.Equal(count + 1, received.Count);
        Assert.Equal(count + 1, received.Select(m => m.MessageId).Distinct().Count());
        booked.Person.Dispose();
    }
}

public sealed class ReminderMailTestsOnSqlite(SqliteFixture fixture) : ReminderMailTests(fixture), IClassFixture<SqliteFixture>;

public sealed class ReminderMailTestsOnPostgres(PostgresFixture fixture) : ReminderMailTests(fixture), IClassFixture<PostgresFixture>;
