namespace Tandem.Web.Hosting;

/// <summary>
/// Tandem's own command-line switches, taken out of the arguments before ASP.NET Core
/// reads them (a bare <c>--seed-demo</c> would otherwise swallow the next argument).
/// </summary>
internal sealed record StartupFlags(bool SeedDemo, bool VerifyAudit, bool RotateMasterKey, string? Backup, string? Restore, string[] HostArgs)
{
    public const string SeedDemoKey = "Tandem:SeedDemo";

    private static readonly string[] Switches = ["--seed-demo", "--verify-audit", "--rotate-master-key"];

    private static readonly string[] WithPath = ["--backup", "--restore"];

    public static StartupFlags Parse(string[] args)
    {
        var host = new List<string>();
        string? backup = null;
        string? restore = null;
        for (var i = 0; i < args.Length; i++)
        {
            var flag = args[i];
            if (Array.IndexOf(WithPath, flag) >= 0)
            {
                var path = i + 1 < args.Length ? args[++i] : throw new StartupRefusedException($"{flag} needs a file path.");
                if (flag == "--backup")
                {
                    backup = path;
                }
                else
                {
                    restore = path;
                }
            }
            else if (Array.IndexOf(Switches, flag) < 0)
            {
                host.Add(flag);
            }
        }

        return new(
            args.Contains("--seed-demo", StringComparer.Ordinal),
            args.Contains("--verify-audit", StringComparer.Ordinal),
            args.Contains("--rotate-master-key", StringComparer.Ordinal),
            backup,
            restore,
            host.ToArray());
    }
}
