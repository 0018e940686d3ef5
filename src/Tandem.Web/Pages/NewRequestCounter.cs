using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Tandem.Core.Requests;
using Tandem.Core.Security;

namespace Tandem.Web.Pages;

/// <summary>Puts the number of new requests in every page a coordinator sees, for the counter in the navigation.</summary>
internal sealed class NewRequestCounter(CoordinationQueue queue) : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        if (context.HttpContext.User.IsInRole(Roles.Coordinator) && context.HandlerInstance is PageModel page)
        {
            page.ViewData["NewRequests"] = await queue.CountNewAsync(context.HttpContext.RequestAborted);
        }

        await next();
    }
}
