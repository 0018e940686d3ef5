using MimeKit;

namespace Tandem.Web.Tests.Support;

/// <summary>
/// What the SMTP server started by ./test.sh received (python3-aiosmtpd writing a Maildir).
/// Tests share it, so each looks for its own recipient address.
/// </summary>
public static class TestMailbox
{
    public const string ServerVariable = "TANDEM_TEST_SMTP";

    public const string CoordinationAddress = "coordination@tandem.test";

    public static (string Host, int Port)? Server =>
        Environment.GetEnvironmentVariable(ServerVariable) is { Length: > 0 } value && value.Split(':') is [var host, var port]
            ? (host, int.Parse(port, System.Globalization.CultureInfo.InvariantCulture))
            : null;

    private static string? Folder => Environment.GetEnvironmentVariable("TANDEM_TEST_MAILDIR");

    public static void SkipWithoutServer()
    {
        if (Server is null || Folder is null)
        {
            Assert.Skip($"No SMTP server: set {ServerVariable} and TANDEM_TEST_MAILDIR (./test.sh does).");
        }
    }

    public static string NewAddress() => $"p{Guid.NewGuid():N}@personne.test";

    /// <summary>Every message received so far for that address (the server records the envelope recipient).</summary>
    public static IReadOnlyList<MimeMessage> To(string address)
    {
        var folder = Path.Combine(Folder!, "new");
        if (!Directory.Exists(folder))
        {
            return [];
        }

        var found = new List<MimeMessage>();
        foreach (var file in Directory.EnumerateFiles(folder))
        {
            var message = MimeMessage.Load(file);
            if (message.Headers["X-RcptTo"]?.Contains(address, StringComparison.OrdinalIgnoreCase) == true)
            {
                found.Add(message);
            }
        }

        return found;
    }

    /// <summary>Waits until at least <paramref name="count"/> messages matching arrived for the address, then returns them all.</summary>
    public static async Task<IReadOnlyList<MimeMessage>> WaitForAsync(string address, int count = 1, Func<MimeMessage, bool>? match = null, int seconds = 20)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var messages = To(address).Where(match ?? (_ => true)).ToList();
            if (messages.Count >= count || DateTime.UtcNow > deadline)
            {
                return messages;
            }

            await Task.Delay(200);
        }
    }
}
