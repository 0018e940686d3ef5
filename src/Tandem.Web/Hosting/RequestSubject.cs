using Tandem.Web.Authorization;

namespace Tandem.Web.Hosting;

/// <summary>
/// How a log line names a request: who asked and the route's pattern. Never an address, a
/// space or the path itself, whose values are ids and tokens.
/// </summary>
internal static class RequestSubject
{
    /// <summary>"anonymous", "beneficiary" (never which space), or the staff id.</summary>
    public static string Who(HttpContext context) =>
        context.User.Identity?.IsAuthenticated != true ? "anonymous"
        : context.User.FindFirst(AuthSchemes.SpaceClaim) is not null ? "beneficiary"
        : "staff:" + (context.User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value ?? "?");

    /// <summary>The route's pattern, never the path.</summary>
    public static string Route(HttpContext context) => (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "?";
}
