namespace Tandem.Web.Hosting;

internal static class LoggingHosting
{
    /// <summary>
    /// Structured (JSON) logs of ids and outcomes. ASP.NET Core's own request logs, which
    /// carry paths, query strings and client addresses, stay below the level written.
    /// </summary>
    public static WebApplicationBuilder AddTandemLogging(this WebApplicationBuilder builder)
    {
        builder.Logging.ClearProviders();
        builder.Logging.AddJsonConsole(o =>
        {
            o.IncludeScopes = false;
            o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            o.UseUtcTimestamp = true;
        });
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.EntityFrameworkCore", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Information);
        return builder;
    }
}
