using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using MimeKit;
using Tandem.Core.Data;
using Tandem.Core.Mail;
using Tandem.Core.Requests;
using Tandem.Core.Scheduling;
using Tandem.Core.Security.Encryption;
using Tandem.Web.Pages;

namespace Tandem.Web.Hosting;

internal static class MailHosting
{
    public static WebApplicationBuilder AddTandemMail(this WebApplicationBuilder builder)
    {
        var settings = builder.Configuration.GetSection($"{TandemOptions.Section}:Mail").Get<MailSettings>() ?? new MailSettings();
        builder.Services.AddSingleton(settings);
        builder.Services.AddScoped<IOutboxComposer, OutboxComposer>();
        builder.Services.AddHostedService<OutboxWorker>();
        return builder;
    }
}

/// <summary>
/// Writes the mails of the outbox when they leave, in French then English. The wording is
/// neutral on purpose: a mailbox may be read by someone else, so neither the subject nor the
/// body nor the calendar file says what the appointment is about, who runs it, or the pseudonym.
/// </summary>
internal sealed class OutboxComposer(
    TandemDbContext db, EnvelopeCrypto crypto, MailSettings mail, SchedulingSettings scheduling, IOptions<TandemOptions> options, IStringLocalizer<SharedResource> l)
    : IOutboxComposer
{
    private static readonly CultureInfo[] Cultures = [new("fr"), new("en")];

    public async Task<MimeMessage?> ComposeAsync(OutboxMessage message, CancellationToken ct)
    {
        return message.Kind == OutboxKind.NewRequest
            ? NewRequest()
            : await AppointmentAsync(message, ct);
    }

    private MimeMessage? NewRequest()
    {
        if (string.IsNullOrWhiteSpace(mail.CoordinationAddress))
        {
            return null;
        }

        var link = Link("/coordination");
        return Message(mail.CoordinationAddress, l => l["Mail.NewRequest.Subject"], l => string.Join("\n\n", new[] { l["Mail.NewRequest.Body"].Value, link ?? string.Empty }).TrimEnd(), null);
    }

    private async Task<MimeMessage?> AppointmentAsync(OutboxMessage message, CancellationToken ct)
    {
        var found = await db.Appointments.AsNoTracking()
            .Where(a => a.Id == message.AppointmentId)
            .Join(db.Requests, a => a.RequestId, r => r.Id, (a, r) => new { Appointment = a, r.SpaceId })
            .Join(db.BeneficiarySpaces.Include(s => s.DataKey), x => x.SpaceId, s => s.Id, (x, s) => new { x.Appointment, Space = s })
            .FirstOrDefaultAsync(ct);
        if (found is null || found.Space.ContactKind != ContactKind.Email || found.Space.Contact is null)
        {
            return null;
        }

        var appointment = found.Appointment;
        var cancelled = message.Kind == OutboxKind.AppointmentCancelled;
        if (!cancelled && appointment.CancelledAt is not null)
        {
            return null;
        }

        var to = crypto.Open(found.Space.DataKey!, found.Space.Contact, BeneficiaryAccess.ContactPurpose(found.Space.Id));
        var (subjectKey, introKey) = message.Kind switch
        {
            OutboxKind.AppointmentReminder => ("Mail.Reminder.Subject", "Mail.Reminder.Intro"),
            OutboxKind.AppointmentCancelled => ("Mail.Cancelled.Subject", "Mail.Cancelled.Intro"),
            _ => ("Mail.Booked.Subject", "Mail.Booked.Intro"),
        };
        var video = scheduling.VideoLink(appointment.VideoRoom);
        var spaceLink = Link("/mon-espace/connexion");
        var ics = CalendarFiles.Write(
            [new CalendarEntry(appointment.Id, appointment.Start, appointment.End, l["Mail.EventSummary"], Location(appointment, video), null, cancelled)],
            cancelled ? "CANCEL" : "REQUEST");
        return Message(
            to,
            l => l[subjectKey, l["Mail.At", Display.Date(appointment.Start), Display.Time(appointment.Start)]],
            l =>
            {
                var lines = new List<string>
                {
                    l[introKey],
                    l["Mail.When", Display.Date(appointment.Start), Display.Time(appointment.Start), Display.Time(appointment.End), scheduling.TimeZone],
                };
                if (!cancelled)
                {
                    string?[] how = appointment.Modality switch
                    {
                        Modality.InPerson => [appointment.Place is { } p ? l["Mail.Place", p].Value : null, appointment.Access is { } a ? l["Mail.Access", a].Value : null],
                        Modality.Phone => [l["Mail.Phone"].Value],
                        _ => [video is null ? null : l["Mail.Video", video].Value],
                    };
                    lines.AddRange(how.OfType<string>());
                    lines.Add(spaceLink is null ? l["Mail.SpaceNoLink"] : l["Mail.Space", spaceLink]);
                }

                lines.Add(l["Mail.Footer"]);
                return string.Join("\n\n", lines);
            },
            ics);
    }

    private static string? Location(Appointment appointment, string? video) => appointment.Modality switch
    {
        Modality.InPerson => appointment.Place,
        Modality.Video => video,
        _ => null,
    };

    private string? Link(string path) =>
        string.IsNullOrWhiteSpace(options.Value.PublicBaseUrl) ? null : options.Value.PublicBaseUrl.TrimEnd('/') + path;

    private MimeMessage Message(string to, Func<IStringLocalizer, string> subject, Func<IStringLocalizer, string> body, string? ics)
    {
        var subjects = new List<string>();
        var bodies = new List<string>();
        foreach (var culture in Cultures)
        {
            using var scope = new CultureScope(culture);
            subjects.Add(subject(l));
            bodies.Add(body(l));
        }

        var message = new MimeMessage { Subject = string.Join(" · ", subjects.Distinct(StringComparer.Ordinal)) };
        message.From.Add(MailboxAddress.Parse(mail.From));
        message.To.Add(MailboxAddress.Parse(to));
        var builder = new BodyBuilder { TextBody = string.Join("\n\n— English —\n\n", bodies) };
        if (ics is not null)
        {
            builder.Attachments.Add("rendez-vous.ics", System.Text.Encoding.UTF8.GetBytes(ics), ContentType.Parse("text/calendar; charset=utf-8; method=" + (ics.Contains("METHOD:CANCEL", StringComparison.Ordinal) ? "CANCEL" : "REQUEST")));
        }

        message.Body = builder.ToMessageBody();
        return message;
    }
}

/// <summary>Sends what is due, on every instance (the dispatcher's claims keep each message to one sender), and purges old rows.</summary>
internal sealed partial class OutboxWorker(IServiceProvider services, MailSettings settings, ILogger<OutboxWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!settings.Enabled)
        {
            return;
        }

        var rounds = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = services.CreateAsyncScope();
                var dispatcher = scope.ServiceProvider.GetRequiredService<OutboxDispatcher>();
                while (await dispatcher.DispatchDueAsync(stoppingToken) > 0)
                {
                }

                if (rounds++ % 240 == 0)
                {
                    await dispatcher.PurgeAsync(stoppingToken);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFailed(logger, ex.GetType().Name);
            }

            try
            {
                await Task.Delay(TimeSpan.FromSeconds(settings.PollSeconds), stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The outbox round failed: {Error}")]
    private static partial void LogFailed(ILogger logger, string error);
}
