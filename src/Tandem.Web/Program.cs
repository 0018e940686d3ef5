using Tandem.Web.Hosting;

StartupFlags flags;
try
{
    flags = StartupFlags.Parse(args);
}
catch (StartupRefusedException refused)
{
    await Console.Error.WriteLineAsync(refused.Message);
    return 2;
}

var builder = WebApplication.CreateBuilder(flags.HostArgs);
if (flags.SeedDemo)
{
    builder.Configuration[StartupFlags.SeedDemoKey] = "true";
}

builder.AddTandem();
var app = builder.Build();

if (flags.VerifyAudit)
{
    return await AuditCommand.VerifyAsync(app.Services, Console.Out);
}

if (flags.Backup is { } backup)
{
    return await BackupCommand.BackupAsync(app.Services, backup, Console.Out);
}

if (flags.Restore is { } restore)
{
    return await BackupCommand.RestoreAsync(app.Services, restore, Console.Out);
}

if (flags.RotateMasterKey)
{
    return await AuditCommand.RotateMasterKeyAsync(app.Services, Console.Out);
}

app.UseTandem();
try
{
    await app.RunAsync();
    return 0;
}
catch (StartupRefusedException refused)
{
    await Console.Error.WriteLineAsync(refused.Message);
    return 2;
}

/// <summary>The entry point, visible to the tests' WebApplicationFactory.</summary>
public partial class Program;
