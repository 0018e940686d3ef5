using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Tandem.Core.Mail;

/// <summary>Hands a message to the mail server.</summary>
public interface IMailTransport
{
    Task SendAsync(MimeMessage message, CancellationToken ct);
}

/// <summary>
/// SMTP with MailKit, one connection per message (reminders are few and spread out).
/// Returns as soon as the server has accepted the message: the goodbye (QUIT) happens after,
/// off the caller's path, so that the caller records the message as sent at once, and a goodbye
/// that fails never makes an accepted message look unsent (and be sent again).
/// </summary>
public sealed class SmtpMailTransport(MailSettings settings) : IMailTransport
{
    public async Task SendAsync(MimeMessage message, CancellationToken ct)
    {
        var security = settings.Security.ToLowerInvariant() switch
        {
            "none" => SecureSocketOptions.None,
            "starttls" => SecureSocketOptions.StartTls,
            "tls" => SecureSocketOptions.SslOnConnect,
            _ => SecureSocketOptions.StartTlsWhenAvailable,
        };
        var client = new SmtpClient { Timeout = 30_000 };
        try
        {
            await client.ConnectAsync(settings.Host ?? throw new InvalidOperationException("No mail host is configured."), settings.Port, security, ct);
            if (!string.IsNullOrEmpty(settings.UserName))
            {
                await client.AuthenticateAsync(settings.UserName, settings.Password ?? string.Empty, ct);
            }

            await client.SendAsync(message, ct);
        }
        catch
        {
            client.Dispose();
            throw;
        }

        _ = SayGoodbyeAsync(client);
    }

    private static async Task SayGoodbyeAsync(SmtpClient client)
    {
        using (client)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await client.DisconnectAsync(quit: true, timeout.Token);
            }
            catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or MailKit.ProtocolException or SmtpCommandException or OperationCanceledException)
            {
                // The message was accepted before: a connection lost while saying goodbye changes nothing.
            }
        }
    }
}
