using Tandem.Core.Security.Audit;

namespace Tandem.Web.Hosting;

/// <summary><c>--verify-audit</c>: migrates, walks the chain, prints the verdict; exit code 0 when intact, 1 otherwise.</summary>
internal static class AuditCommand
{
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
