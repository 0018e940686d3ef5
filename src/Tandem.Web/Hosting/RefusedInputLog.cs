namespace Tandem.Web.Hosting;

/// <summary>
/// Every input refused with a 400 (a broken or incomplete body, a missing anti-forgery token) is logged
/// with who sent it and the route's pattern, so that someone probing the API shows in the logs
/// (ASVS 16.3.3). What was sent is never logged: a refused field can hold a password, a code or a note.
/// </summary>
internal static partial class RefusedInputLog
{
    public static IApplicationBuilder UseRefusedInputLog(this IApplicationBuilder app)
    {
        var logger = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(RefusedInputLog).FullName!);
        return app.Use(async (context, next) =>
        {
            try
            {
                await next(context);
            }
            catch (BadHttpRequestException)
            {
                // A body that could not be read: the exception handler answers the 400.
                Log(logger, context);
                throw;
            }

            // The status page shown in place of a refused form runs through here again: once is enough.
            if (context.Response.StatusCode == StatusCodes.Status400BadRequest
                && context.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodeReExecuteFeature>() is null)
            {
                Log(logger, context);
            }
        });
    }

    private static void Log(ILogger logger, HttpContext context) =>
        LogRefused(logger, RequestSubject.Who(context), context.Request.Method, RequestSubject.Route(context));

    [LoggerMessage(Level = LogLevel.Information, Message = "Input refused from {Who} on {Method} {Route} (answered 400; what was sent is not logged)")]
    private static partial void LogRefused(ILogger logger, string who, string method, string route);
}
