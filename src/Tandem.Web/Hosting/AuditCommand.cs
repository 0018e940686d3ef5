using Tandem.Core.Security.Audit;

namespace Tandem.Web.Hosting;

/// <summary>
/// The operator's commands that run instead of the server: <c>--verify-audit</c> (exit code 0 when
/// the chain is intact, 1 otherwise) and <c>--rotate-master-key</c> (exit code 0 when every data key
/// is wrapped by the current master key, 1 when one could not be unwrapped).
/// </summary>
internal static class AuditCommand
{
    public static async Task<int> RotateMasterKeyAsync(IServiceProvider services, TextWriter output, CancellationToken ct = default)
    {
        await DatabaseHosting.MigrateAsync(services, ct);
        await using var scope = services.CreateAsyncScope();
        var keys = scope.ServiceProvider.GetRequiredService<Tandem.Core.Security.Encryption.MasterKeys>();
        try
        {
            var count = await scope.ServiceProvider.GetRequiredService<Tandem.Core.Security.Encryption.MasterKeyRotation>().RotateAsync(ct);
            await output.WriteLineAsync($"{count} data keys re-wrapped with master key {keys.CurrentId}. Older master keys can now be removed from the configuration.");
            return 0;
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            await output.WriteLineAsync("A data key is wrapped by a master key that is not configured: give every older key after the new one (comma-separated), then run again.");
            return 1;
        }
    }

    public static async Task<int> VerifyAsync(IServiceProvider services, TextWriter output, CancellationToken ct = default)
    {
        await DatabaseHosting.MigrateAsync(services, ct);
        await using var scope = services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<AuditVerifier>().VerifyAsync(ct);
        if (result.Intact)
        {
            await output.WriteLineAsync($"Audit chain intact: {result.EntriesChecked} entries, head {result.HeadHash}.");
            return 0;
        }

        await output.WriteLineAsync($"Audit chain BROKEN at entry {result.FirstBrokenSequence}: {result.Problem}. {result.EntriesChecked} entries before it are intact.");
        return 1;
    }
}
