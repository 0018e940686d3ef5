using Microsoft.Extensions.Primitives;

namespace Tandem.Web.Hosting;

/// <summary>
/// Refuses a query string or a form carrying a NUL character with a 400, before anything reads
/// it: no one types one, and PostgreSQL refuses it in any string it stores or compares. JSON
/// bodies are guarded by the API's string converter.
/// </summary>
internal static class NulGuard
{
    public static IApplicationBuilder UseNulGuard(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var request = context.Request;

        // The status page re-executed for this very refusal carries the same form: let it render.
        if (context.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodeReExecuteFeature>() is not null)
        {
            await next(context);
            return;
        }

        bool refused;
        try
        {
            refused = HasNul(request.Query) || (request.HasFormContentType && HasNul(await request.ReadFormAsync(context.RequestAborted)));
        }
        catch (InvalidDataException)
        {
            // A form broken beyond reading is the caller's mistake too.
            refused = true;
        }

        if (refused)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        await next(context);
    });

    private static bool HasNul(IEnumerable<KeyValuePair<string, StringValues>> values) =>
        values.Any(kv => kv.Key.Contains('\0', StringComparison.Ordinal) || kv.Value.Any(v => v is not null && v.Contains('\0', StringComparison.Ordinal)));
}
