using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace Tandem.Web.Authorization;

/// <summary>
/// What a signed-in person may not see answers 404, as if it did not exist: a 403 would
/// confirm that the page, the case or the account is there. The refusal is logged with the
/// staff member's id (or "beneficiary") and the route, never an address or a space.
/// </summary>
internal sealed partial class NotFoundWhenForbidden(ILogger<NotFoundWhenForbidden> logger) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Forbidden)
        {
            var who = context.User.FindFirst(AuthSchemes.SpaceClaim) is not null ? "beneficiary" : "staff:" + (context.User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value ?? "?");
            var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "?";
            LogRefused(logger, who, context.Request.Method, route);
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }

        return _default.HandleAsync(next, context, policy, authorizeResult);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Access refused to {Who} on {Method} {Route} (answered 404)")]
    private static partial void LogRefused(ILogger logger, string who, string method, string route);
}
