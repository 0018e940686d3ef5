using Microsoft.Extensions.Options;
using NodaTime;
using Tandem.Core.Data;
using Tandem.Web.Api;

namespace Tandem.Web.Hosting;

internal static class Pipeline
{
    public static WebApplicationBuilder AddTandem(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<TandemOptions>(builder.Configuration.GetSection(TandemOptions.Section));
        builder.Services.AddSingleton<TimeProvider>(sp => new ClockTimeProvider(sp.GetRequiredService<IClock>()));
        builder.Services.AddHostedService<StartupTasks>();
        builder.Services.AddHostedService<AuditHeadLogger>();
        builder.AddTandemLogging()
            .AddTandemDatabase()
            .AddTandemAuth()
            .AddTandemLocalization()
            .AddTandemApi()
            .AddTandemPages();
        builder.WebHost.ConfigureKestrel(o => o.AddServerHeader = false);
        return builder;
    }

    public static WebApplication UseTandem(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseTandemSecurityHeaders();
        app.UseStatusCodePagesWithReExecute("/statut/{0}");
        app.UseStaticFiles();
        app.UseRequestLocalization(app.Services.GetRequiredService<IOptions<RequestLocalizationOptions>>().Value);
        app.UseRouting();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseStaffTokenValidation();
        app.UseAuthorization();
        app.UseAntiforgery();

        app.MapGet("/healthz", async (TandemDbContext db, CancellationToken ct) =>
                await db.Database.CanConnectAsync(ct) ? Results.Text("ok") : Results.Text("database unreachable", statusCode: 503))
            .AllowAnonymous().ExcludeFromDescription();
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        app.MapStaffEndpoints();
        app.MapAdminEndpoints();
        app.MapRazorPages();
        return app;
    }
}
