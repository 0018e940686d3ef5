using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Tandem.Core.Mail;

/// <summary>Hands a message to the mail server.</summary>
public interface IMailTransport
{
    Task SendAsync(MimeMessage message, CancellationToken ct);
}

/// <summary>SMTP with MailKit, one connection per message (reminders are few and spread out).</summary>
public sealed class SmtpMailTransport(MailSettings settings) : IMailTransport
{
    public async Task SendAsync(MimeMessage message, CancellationToken ct)
    {
        using var client = new SmtpClient { Timeout = 30_000 };
        var security = settings.Security.ToLowerInvariant() switch
        {
            "none" => SecureSocketOptions.None,
            "starttls" => SecureSocketOptions.StartTls,
            "tls" => SecureSocketOptions.SslOnConnect,
            _ => SecureSocketOptions.StartTlsWhenAvailable,
        };
        await client.ConnectAsync(settings.Host ?? throw new InvalidOperationException("No mail host is configured."), settings.Port, security, ct);
        if (!string.IsNullOrEmpty(settings.UserName))
        {
            await client.AuthenticateAsync(settings.UserName, settings.Password ?? string.Empty, ct);
        }

        await client.SendAsync(message, ct);
        await client.DisconnectAsync(quit: true, ct);
    }
}
