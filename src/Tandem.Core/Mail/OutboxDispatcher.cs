using MailKit.Net.Smtp;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using MimeKit;
using NodaTime;
using Tandem.Core.Data;

namespace Tandem.Core.Mail;

/// <summary>Turns an outbox row into the mail to send now, or null when there is nothing to send (no e-mail contact, appointment gone).</summary>
public interface IOutboxComposer
{
    Task<MimeMessage?> ComposeAsync(OutboxMessage message, CancellationToken ct);
}

/// <summary>
/// Sends the messages that are due. Safe on any number of instances: each message is claimed
/// by a conditional update that only one instance can win (the database serialises the two
/// writes; the loser's condition no longer holds), under a lease that lets another instance
/// take it over if the claimer dies. A message is marked sent right after the server accepted
/// it; its Message-Id is derived from its row, so the rare resend after a crash in between is
/// recognisable as the same mail.
/// </summary>
public sealed partial class OutboxDispatcher(
    TandemDbContext db, IOutboxComposer composer, IMailTransport transport, MailSettings settings, IClock clock, ILogger<OutboxDispatcher> logger)
{
    public static string MessageIdOf(Guid messageId) => $"{messageId:N}@tandem.invalid";

    /// <returns>How many messages were sent.</returns>
    public async Task<int> DispatchDueAsync(CancellationToken ct = default)
    {
        if (!settings.Enabled)
        {
            return 0;
        }

        var now = clock.GetCurrentInstant();
        var due = await db.OutboxMessages.AsNoTracking()
            .Where(m => m.State == OutboxState.Pending && m.DueAt <= now && (m.ClaimedUntil == null || m.ClaimedUntil < now))
            .OrderBy(m => m.DueAt)
            .Take(settings.BatchSize)
            .ToListAsync(ct);
        var sent = 0;
        foreach (var message in due)
        {
            if (await SendOneAsync(message, now, ct))
            {
                sent++;
            }
        }

        return sent;
    }

    /// <summary>Deletes finished rows after the keeping period; idempotent, so every instance may run it.</summary>
    public Task<int> PurgeAsync(CancellationToken ct = default)
    {
        var before = clock.GetCurrentInstant() - Duration.FromDays(settings.KeepDays);
        return db.OutboxMessages.Where(m => m.State != OutboxState.Pending && m.CreatedAt < before).ExecuteDeleteAsync(ct);
    }

    private async Task<bool> SendOneAsync(OutboxMessage message, Instant now, CancellationToken ct)
    {
        var claim = Guid.NewGuid();
        var until = now + Duration.FromSeconds(settings.LeaseSeconds);
        var won = await db.OutboxMessages
            .Where(m => m.Id == message.Id && m.State == OutboxState.Pending && (m.ClaimedUntil == null || m.ClaimedUntil < now))
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.ClaimedBy, claim).SetProperty(m => m.ClaimedUntil, until), ct);
        if (won == 0)
        {
            return false;
        }

        var mine = db.OutboxMessages.Where(m => m.Id == message.Id && m.ClaimedBy == claim);
        MimeMessage? mail;
        try
        {
            mail = await composer.ComposeAsync(message, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogComposeFailed(logger, message.Id, message.Kind, ex.GetType().Name);
            await mine.ExecuteUpdateAsync(s => s.SetProperty(m => m.State, OutboxState.Failed), ct);
            return false;
        }

        if (mail is null)
        {
            await mine.ExecuteUpdateAsync(s => s.SetProperty(m => m.State, OutboxState.Skipped), ct);
            return false;
        }

        mail.MessageId = MessageIdOf(message.Id);
        try
        {
            await transport.SendAsync(mail, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The exception's text may quote the recipient: only its kind and the SMTP status are logged.
            var status = ex is SmtpCommandException command ? (int)command.StatusCode : 0;
            var attempts = message.Attempts + 1;
            var giveUp = attempts >= settings.MaxAttempts;
            var retryAt = now + Duration.FromMinutes(Math.Min(Math.Pow(2, attempts), 24 * 60));
            LogSendFailed(logger, message.Id, message.Kind, attempts, ex.GetType().Name, status);
            await mine.ExecuteUpdateAsync(s => s
                .SetProperty(m => m.Attempts, attempts)
                .SetProperty(m => m.State, giveUp ? OutboxState.Failed : OutboxState.Pending)
                .SetProperty(m => m.ClaimedUntil, retryAt), ct);
            return false;
        }

        // The server has the message: recorded at once and whatever the token says, since a stop
        // asked for now must not leave an accepted message looking unsent, to be sent again.
        await mine.ExecuteUpdateAsync(s => s.SetProperty(m => m.State, OutboxState.Sent).SetProperty(m => m.SentAt, clock.GetCurrentInstant()), CancellationToken.None);
        LogSent(logger, message.Id, message.Kind);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Mail {MessageId} ({Kind}) sent")]
    private static partial void LogSent(ILogger logger, Guid messageId, OutboxKind kind);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Mail {MessageId} ({Kind}) not sent, attempt {Attempts}: {Error} (SMTP {Status})")]
    private static partial void LogSendFailed(ILogger logger, Guid messageId, OutboxKind kind, int attempts, string error, int status);

    [LoggerMessage(Level = LogLevel.Error, Message = "Mail {MessageId} ({Kind}) could not be composed: {Error}")]
    private static partial void LogComposeFailed(ILogger logger, Guid messageId, OutboxKind kind, string error);
}
