using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Tandem.Web.Hosting;

namespace Tandem.Web.Authorization;

/// <summary>
/// What a signed-in person may not see answers 404, as if it did not exist: a 403 would
/// confirm that the page, the case or the account is there. The refusal is logged with the
/// staff member's id (or "beneficiary") and the route, never an address or a space.
/// A handler refuses the same way (a case not theirs is "not found"), so a 404 answered to
/// a signed-in person is logged too (ASVS 16.3.2): nothing there, or not theirs — the log
/// cannot tell, and neither can they.
/// </summary>
internal sealed partial class NotFoundWhenForbidden(ILogger<NotFoundWhenForbidden> logger) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Forbidden)
        {
            LogRefused(logger, RequestSubject.Who(context), context.Request.Method, RequestSubject.Route(context));
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        await _default.HandleAsync(next, context, policy, authorizeResult);
        if (authorizeResult.Succeeded && context.User.Identity?.IsAuthenticated == true && context.Response.StatusCode == StatusCodes.Status404NotFound
            && context.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodeReExecuteFeature>() is null)
        {
            LogNotFound(logger, RequestSubject.Who(context), context.Request.Method, RequestSubject.Route(context));
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Access refused to {Who} on {Method} {Route} (answered 404)")]
    private static partial void LogRefused(ILogger logger, string who, string method, string route);

    [LoggerMessage(Level = LogLevel.Information, Message = "Not found for {Who} on {Method} {Route} (nothing there, or not theirs)")]
    private static partial void LogNotFound(ILogger logger, string who, string method, string route);
}
