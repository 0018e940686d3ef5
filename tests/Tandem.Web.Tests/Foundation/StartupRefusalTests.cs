using Tandem.Core.Data;
using Tandem.Web.Hosting;
using Tandem.Web.Tests.Support;

namespace Tandem.Web.Tests.Foundation;

public sealed class StartupRefusalTests
{
    [Fact]
    public async Task APostgresServerOnAnotherMachine_WithoutTls_IsRefusedAtStart_WithWhatToDo()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new TandemApp(db, settings: new Dictionary<string, string?>
        {
            ["Tandem:Database:Provider"] = "postgres",
            ["ConnectionStrings:Tandem"] = "Host=db.example.org;Database=tandem;Username=tandem_app;Password=secret",
        });
        Assert.ThrowsAny<Exception>(() => app.Server);
        var refused = Assert.Single(app.Logs.Lines, l => l.Contains(nameof(StartupRefusedException), StringComparison.Ordinal));
        Assert.Contains("Tandem refuses to start: ConnectionStrings__Tandem", refused, StringComparison.Ordinal);
        Assert.Contains("db.example.org", refused, StringComparison.Ordinal);
        Assert.Contains("SSL Mode=VerifyFull", refused, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", app.Logs.All, StringComparison.Ordinal);
    }
}
