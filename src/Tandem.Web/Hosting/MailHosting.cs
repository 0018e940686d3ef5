using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using MimeKit;
using Tandem.Core.Data;
using Tandem.Core.Groups;
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
    TandemDbContext db, EnvelopeCrypto crypto, MailSettings mail, SchedulingSettings scheduling, IOptions<TandemOptions> options, NodaTime.IClock clock, IStringLocalizer<SharedResource> l)
    : IOutboxComposer
{
    private static readonly CultureInfo[] Cultures = [new("fr"), new("en")];

    public async Task<MimeMessage?> ComposeAsync(OutboxMessage message, CancellationToken ct)
    {
        return message.Kind switch
        {
            OutboxKind.NewRequest => NewRequest(),
            OutboxKind.GroupConfirmed or OutboxKind.GroupReminder or OutboxKind.GroupSessionCancelled => await GroupAsync(message, ct),
            _ when Outbox.IsStaffNotice(message.Kind) => await StaffNoticeAsync(message, ct),
            _ => await AppointmentAsync(message, ct),
        };
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
        var appointment = found?.Appointment;
        var cancelled = message.Kind == OutboxKind.AppointmentCancelled;
        if (found is null || appointment is null || (!cancelled && appointment.CancelledAt is not null) || Recipient(found.Space) is not { } to)
        {
            return null;
        }

        var occasion = new Occasion(appointment.Id, appointment.Start, appointment.End, appointment.Modality, appointment.Place, appointment.Access, scheduling.VideoLink(appointment.VideoRoom));
        return EventMessage(to, message.Kind, occasion, [occasion], cancelled);
    }

    /// <summary>A place in a support group or a workshop: the same neutral wording as an interview, and a calendar file listing no one else.</summary>
    private async Task<MimeMessage?> GroupAsync(OutboxMessage message, CancellationToken ct)
    {
        var found = await db.GroupEnrolments.AsNoTracking()
            .Where(e => e.Id == message.EnrolmentId)
            .Join(db.GroupActivities, e => e.ActivityId, a => a.Id, (e, a) => new { Enrolment = e, Activity = a })
            .Join(db.BeneficiarySpaces.Include(s => s.DataKey), x => x.Enrolment.SpaceId, s => s.Id, (x, s) => new { x.Enrolment, x.Activity, Space = s })
            .FirstOrDefaultAsync(ct);
        var cancelled = message.Kind == OutboxKind.GroupSessionCancelled;
        if (found is null || (!cancelled && found.Enrolment.State != EnrolmentState.Confirmed) || Recipient(found.Space) is not { } to)
        {
            return null;
        }

        var now = clock.GetCurrentInstant();
        var sessionId = message.GroupSessionId ?? found.Enrolment.SessionId;
        var sessions = await db.GroupSessions.AsNoTracking()
            .Where(s => s.ActivityId == found.Activity.Id && (sessionId == null ? s.CancelledAt == null && s.Start > now : s.Id == sessionId))
            .OrderBy(s => s.Start).ToListAsync(ct);
        if (!cancelled && sessions.Any(s => s.CancelledAt is not null))
        {
            return null;
        }

        var a = found.Activity;
        var occasions = sessions.Select(s => new Occasion(s.Id, s.Start, s.End, a.Modality, a.Place, a.Access, scheduling.VideoLink(a.VideoRoom))).ToList();
        if (occasions.Count == 0)
        {
            // A support group joined before its dates are set: the place is confirmed, the dates will be in the space.
            var spaceLink = Link("/mon-espace/connexion");
            return Message(to, l => l["Mail.GroupConfirmed.Subject"], l => string.Join("\n\n", l["Mail.GroupConfirmed.Intro"].Value, spaceLink is null ? l["Mail.SpaceNoLink"] : l["Mail.Space", spaceLink], l["Mail.Footer"].Value), null);
        }

        var kind = message.Kind switch
        {
            OutboxKind.GroupReminder => OutboxKind.AppointmentReminder,
            OutboxKind.GroupSessionCancelled => OutboxKind.AppointmentCancelled,
            _ => OutboxKind.AppointmentBooked,
        };
        return EventMessage(to, kind, occasions[0], occasions, cancelled);
    }

    /// <summary>
    /// A notice about a staff account's sign-in, to its current address: what happened and when, and whom to tell
    /// if it was not them. No link, on purpose: a genuine mail about an account never asks to click, so a
    /// phishing one that does stands out.
    /// </summary>
    private async Task<MimeMessage?> StaffNoticeAsync(OutboxMessage message, CancellationToken ct)
    {
        var staff = await db.Users.AsNoTracking()
            .Where(u => u.Id == message.StaffUserId && u.DeactivatedAt == null)
            .Select(u => new { u.Email })
            .FirstOrDefaultAsync(ct);
        if (staff?.Email is not { Length: > 0 } to)
        {
            return null;
        }

        // The resource key is the kind's name without "Staff": Mail.Staff.PasswordChanged, Mail.Staff.SignInBlocked…
        var what = "Mail.Staff." + message.Kind.ToString()["Staff".Length..];
        return Message(
            to,
            l => l["Mail.Staff.Subject"],
            l => string.Join("\n\n", l[what].Value, l["Mail.Staff.When", Display.Date(message.CreatedAt), Display.Time(message.CreatedAt), scheduling.TimeZone].Value, l["Mail.Staff.IfNotYou"].Value),
            null);
    }

    private string? Recipient(BeneficiarySpace space) =>
        space.ContactKind == ContactKind.Email && space.Contact is not null ? crypto.Open(space.DataKey!, space.Contact, BeneficiaryAccess.ContactPurpose(space.Id)) : null;

    /// <summary>When and where something takes place, whatever it is (an interview, a group session): all a mail may say.</summary>
    private sealed record Occasion(Guid Id, NodaTime.Instant Start, NodaTime.Instant End, Modality Modality, string? Place, string? Access, string? Video);

    private MimeMessage EventMessage(string to, OutboxKind kind, Occasion first, IReadOnlyList<Occasion> all, bool cancelled)
    {
        var (subjectKey, introKey) = kind switch
        {
            OutboxKind.AppointmentReminder => ("Mail.Reminder.Subject", "Mail.Reminder.Intro"),
            OutboxKind.AppointmentCancelled => ("Mail.Cancelled.Subject", "Mail.Cancelled.Intro"),
            _ => ("Mail.Booked.Subject", "Mail.Booked.Intro"),
        };
        var spaceLink = Link("/mon-espace/connexion");
        var ics = CalendarFiles.Write(
            all.Select(o => new CalendarEntry(o.Id, o.Start, o.End, l["Mail.EventSummary"], o.Modality switch { Modality.InPerson => o.Place, Modality.Video => o.Video, _ => null }, null, cancelled)),
            cancelled ? "CANCEL" : "REQUEST");
        return Message(
            to,
            l => l[subjectKey, l["Mail.At", Display.Date(first.Start), Display.Time(first.Start)]],
            l =>
            {
                var lines = new List<string>
                {
                    l[introKey],
                    l["Mail.When", Display.Date(first.Start), Display.Time(first.Start), Display.Time(first.End), scheduling.TimeZone],
                };
                if (!cancelled)
                {
                    string?[] how = first.Modality switch
                    {
                        Modality.InPerson => [first.Place is { } p ? l["Mail.Place", p].Value : null, first.Access is { } a ? l["Mail.Access", a].Value : null],
                        Modality.Phone => [l["Mail.Phone"].Value],
                        _ => [first.Video is null ? null : l["Mail.Video", first.Video].Value],
                    };
                    lines.AddRange(how.OfType<string>());
                    lines.Add(spaceLink is null ? l["Mail.SpaceNoLink"] : l["Mail.Space", spaceLink]);
                }

                lines.Add(l["Mail.Footer"]);
                return string.Join("\n\n", lines);
            },
            ics);
    }

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
        if (!settings.Enabled || !await services.GetRequiredService<DatabaseReadiness>().WaitAsync(stoppingToken))
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
