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
        builder.Services.AddSingleton<DatabaseReadiness>();
        builder.Services.Configure<HostOptions>(o => o.ServicesStartConcurrently = true);
        builder.Services.AddHostedService<StartupTasks>();
        var scheduling = builder.Configuration.GetSection($"{TandemOptions.Section}:Scheduling").Get<Tandem.Core.Scheduling.SchedulingSettings>()
            ?? new Tandem.Core.Scheduling.SchedulingSettings();
        builder.Services.AddSingleton(scheduling);
        Pages.Display.UseZone(scheduling.Zone);
        builder.Services.AddSingleton(new Tandem.Core.Requests.CoordinationSettings
        {
            UrgentRequestLimit = builder.Configuration.GetSection(TandemOptions.Section).Get<TandemOptions>()?.UrgentRequestLimit ?? TimeSpan.FromHours(24),
        });
        builder.Services.Configure<Microsoft.AspNetCore.Builder.ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedFor | Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedProto;
            var trusted = builder.Configuration[$"{TandemOptions.Section}:TrustedProxies"];
            foreach (var address in (trusted ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                o.KnownProxies.Add(System.Net.IPAddress.Parse(address));
            }
        });
        builder.Services.AddSingleton(builder.Configuration.GetSection($"{TandemOptions.Section}:Intake").Get<Tandem.Core.Requests.IntakeSettings>()
            ?? new Tandem.Core.Requests.IntakeSettings());
        builder.Services.AddSingleton(builder.Configuration.GetSection($"{TandemOptions.Section}:Jobs").Get<JobSettings>() ?? new JobSettings());
        builder.Services.AddHostedService<AuditHeadLogger>();
        builder.Services.AddHostedService<AppointmentHousekeeping>();
        builder.Services.AddSingleton(builder.Configuration.GetSection($"{TandemOptions.Section}:Retention").Get<Tandem.Core.Cases.RetentionSettings>()
            ?? new Tandem.Core.Cases.RetentionSettings());
        builder.Services.AddHostedService<RetentionWorker>();
        builder.Services.AddHostedService<IndicatorMonthsKeeper>();
        builder.Services.AddSingleton(builder.Configuration.GetSection($"{TandemOptions.Section}:Billing").Get<Tandem.Core.Programmes.BillingSettings>()
            ?? new Tandem.Core.Programmes.BillingSettings());
        builder.AddTandemMail()
            .AddTandemLogging()
            .AddTandemDatabase()
            .AddTandemAuth()
            .AddTandemLocalization()
            .AddTandemApi()
            .AddTandemPages();
        builder.WebHost.ConfigureKestrel(o => o.AddServerHeader = false);

        // Data Protection's hosted service loads the key ring, which lives in the database, as the services start: now
        // that they start together, that could be before the migrations. StartupTasks loads it after them instead.
        foreach (var loader in builder.Services.Where(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType?.Name == KeyRingLoaderName).ToList())
        {
            builder.Services.Remove(loader);
        }

        // French text stays readable in the HTML (é, not &#xE9;); encoding still escapes markup.
        builder.Services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o =>
            o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));

        // Broken JSON reaches the exception handler, which answers a 400 problem naming the body.
        builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        return builder;
    }

    public static WebApplication UseTandem(this WebApplication app)
    {
        // The database is made ready while the pipeline is put together and the server starts.
        var readiness = app.Services.GetRequiredService<DatabaseReadiness>();
        _ = readiness.Begin();
        app.UseForwardedHeaders();
        app.UseCookiePrefixes();
        app.UseExceptionHandler();
        app.UseTandemSecurityHeaders();
        app.UseWhen(c => !IsApi(c), b => b.UseStatusCodePagesWithReExecute("/statut/{0}"));
        app.UseWhen(IsApi, b => b.UseStatusCodePages());
        app.UseNulGuard();
        app.UseStaticFiles();
        app.UseRequestLocalization(app.Services.GetRequiredService<IOptions<RequestLocalizationOptions>>().Value);
        app.UseRouting();

        // A request that arrives during the start waits here for the database: nothing above reads it, and the first
        // request's routing (the table of every endpoint, built then) is done meanwhile.
        app.Use(readiness.Gate);
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseStaffTokenValidation();
        app.UseRefusedInputLog();
        app.UseAuthorization();
        app.UseAntiforgery();

        app.MapGet("/healthz", async (TandemDbContext db, CancellationToken ct) =>
                await db.Database.CanConnectAsync(ct) ? Results.Text("ok") : Results.Text("database unreachable", statusCode: 503))
            .AllowAnonymous().ExcludeFromDescription();
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        app.MapStaffEndpoints();
        app.MapAdminEndpoints();
        app.MapRequestEndpoints();
        app.MapPractitionerEndpoints();
        app.MapAgendaEndpoints();
        app.MapCaseEndpoints();
        app.MapGroupEndpoints();
        app.MapProgrammeEndpoints();
        app.MapOrganisationEndpoints();
        app.MapIndicatorEndpoints();
        app.MapRazorPages();

        // An unknown address is a 404 for everyone, not a sign-in page. A RequestDelegate, not a lambda with
        // parameters: the request delegate generator would map that one on its own default pattern instead.
        app.MapFallback("{**path}", (RequestDelegate)(context => Results.NotFound().ExecuteAsync(context))).AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    /// <summary>The type of Data Protection's hosted service that loads the key ring at start (removed above).</summary>
    internal const string KeyRingLoaderName = "DataProtectionHostedService";

    private static bool IsApi(HttpContext context) => context.Request.Path.StartsWithSegments("/api");
}
