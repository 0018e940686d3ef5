using System.Net;
using System.Net.Sockets;
using MailKit.Net.Smtp;
using MimeKit;
using Tandem.Core.Mail;

namespace Tandem.Core.Tests;

/// <summary>
/// The transport against a scripted SMTP server on loopback: it must return as soon as the server
/// has accepted the message, because until it returns the outbox cannot record the message as sent,
/// and a crash in that time sends it again.
/// </summary>
public sealed class SmtpMailTransportTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Accepted_ReturnsBeforeTheGoodbyeIsAnswered()
    {
        await using var server = new ScriptedSmtpServer(endOfData: "250 2.0.0 queued");
        var transport = new SmtpMailTransport(server.Settings);

        // The server keeps the goodbye (QUIT) unanswered until told: the send must not wait for it.
        var send = transport.SendAsync(Message(), Ct);
        await send.WaitAsync(TimeSpan.FromSeconds(10), Ct);

        Assert.Equal(1, server.Accepted);
        server.AnswerGoodbye();
        await server.FinishedAsync();
        Assert.True(server.SawGoodbye, "the connection is still closed politely, after");
    }

    [Fact]
    public async Task Refused_Throws_WithTheServersStatus()
    {
        await using var server = new ScriptedSmtpServer(endOfData: "550 5.7.1 refused");
        var transport = new SmtpMailTransport(server.Settings);

        var refused = await Assert.ThrowsAsync<SmtpCommandException>(() => transport.SendAsync(Message(), Ct));

        Assert.Equal(SmtpStatusCode.MailboxUnavailable, refused.StatusCode);
        Assert.Equal(0, server.Accepted);
    }

    private static MimeMessage Message()
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse("no-reply@tandem.test"));
        message.To.Add(MailboxAddress.Parse("someone@tandem.test"));
        message.Subject = "Rappel";
        message.Body = new TextPart("plain") { Text = "Demain." };
        return message;
    }

    /// <summary>One connection, the few commands MailKit sends, a chosen answer to the end of the data, and a goodbye answered on demand.</summary>
    private sealed class ScriptedSmtpServer : IAsyncDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly TaskCompletionSource _goodbye = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _serving;
        private readonly string _endOfData;
        private int _accepted;

        public ScriptedSmtpServer(string endOfData)
        {
            _endOfData = endOfData;
            _listener.Start();
            _serving = ServeAsync();
        }

        public MailSettings Settings => new() { Host = "127.0.0.1", Port = ((IPEndPoint)_listener.LocalEndpoint).Port, Security = "none" };

        public int Accepted => Volatile.Read(ref _accepted);

        public bool SawGoodbye { get; private set; }

        public void AnswerGoodbye() => _goodbye.TrySetResult();

        public Task FinishedAsync() => _serving.WaitAsync(TimeSpan.FromSeconds(10));

        private async Task ServeAsync()
        {
            using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            await using var stream = client.GetStream();
            using var reader = new StreamReader(stream);
            await using var writer = new StreamWriter(stream) { NewLine = "\r\n", AutoFlush = true };
            await writer.WriteLineAsync("220 test ESMTP");
            while (await reader.ReadLineAsync(_stop.Token) is { } line)
            {
                var command = line.Split(' ', 2)[0].ToUpperInvariant();
                switch (command)
                {
                    case "EHLO" or "HELO" or "MAIL" or "RCPT" or "RSET" or "NOOP":
                        await writer.WriteLineAsync("250 ok");
                        break;
                    case "DATA":
                        await writer.WriteLineAsync("354 go on");
                        while (await reader.ReadLineAsync(_stop.Token) is { } data && data != ".")
                        {
                        }

                        if (_endOfData.StartsWith('2'))
                        {
                            Interlocked.Increment(ref _accepted);
                        }

                        await writer.WriteLineAsync(_endOfData);
                        break;
                    case "QUIT":
                        SawGoodbye = true;
                        await _goodbye.Task.WaitAsync(_stop.Token);
                        await writer.WriteLineAsync("221 bye");
                        return;
                    default:
                        await writer.WriteLineAsync("502 not here");
                        break;
                }
            }
        }

        public async ValueTask DisposeAsync()
        {
            _goodbye.TrySetResult();
            await _stop.CancelAsync();
            try
            {
                await _serving;
            }
            catch (OperationCanceledException)
            {
            }
            catch (IOException)
            {
            }

            _listener.Stop();
            _listener.Dispose();
            _stop.Dispose();
        }
    }
}
