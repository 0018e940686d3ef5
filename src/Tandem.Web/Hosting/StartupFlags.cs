namespace Tandem.Web.Hosting;

/// <summary>
/// Tandem's own command-line switches, taken out of the arguments before ASP.NET Core
/// reads them (a bare <c>--seed-demo</c> would otherwise swallow the next argument).
/// </summary>
internal sealed record StartupFlags(bool SeedDemo, bool VerifyAudit, bool RotateMasterKey, string[] HostArgs)
{
    public const string SeedDemoKey = "Tandem:SeedDemo";

    public static StartupFlags Parse(string[] args) => new(
        args.Contains("--seed-demo", StringComparer.Ordinal),
        args.Contains("--verify-audit", StringComparer.Ordinal),
        args.Contains("--rotate-master-key", StringComparer.Ordinal),
        args.Where(a => a is not "--seed-demo" and not "--verify-audit" and not "--rotate-master-key").ToArray());
}
