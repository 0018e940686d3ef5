using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Tandem.Web.Pages.Public;

/// <summary>The page shown for an error status; a page that is not yours looks like one that does not exist.</summary>
[IgnoreAntiforgeryToken]
public sealed class StatusModel(IStringLocalizer<SharedResource> localizer) : TandemPageModel(localizer)
{
    public string Title { get; private set; } = string.Empty;

    public string Text { get; private set; } = string.Empty;

    /// <summary>Someone refused while asking for help still sees where to call at once.</summary>
    public bool ShowEmergencyNumbers { get; private set; }

    public IActionResult OnGet(int code) => Render(code);

    public IActionResult OnPost(int code) => Render(code);

    private PageResult Render(int code)
    {
        // Reached directly (not re-executed for an error), this page itself does not exist.
        var original = HttpContext.Features.Get<IStatusCodeReExecuteFeature>();
        if (original is null)
        {
            code = StatusCodes.Status404NotFound;
            Response.StatusCode = code;
        }

        (Title, Text) = code switch
        {
            StatusCodes.Status404NotFound or StatusCodes.Status403Forbidden => (L["Status.NotFoundTitle"].Value, L["Status.NotFoundText"].Value),
            StatusCodes.Status429TooManyRequests => (L["Status.ThrottledTitle"].Value, L["Status.ThrottledText"].Value),
            StatusCodes.Status400BadRequest => (L["Status.BadRequestTitle"].Value, L["Status.BadRequestText"].Value),
            _ => (L["Status.ErrorTitle"].Value, L["Status.ErrorText"].Value),
        };
        ShowEmergencyNumbers = code == StatusCodes.Status429TooManyRequests
            && string.Equals(original?.OriginalPath, "/demande", StringComparison.OrdinalIgnoreCase);
        return Page();
    }
}
