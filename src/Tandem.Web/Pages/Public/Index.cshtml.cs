using Microsoft.Extensions.Localization;

namespace Tandem.Web.Pages.Public;

public sealed class IndexModel(IStringLocalizer<SharedResource> localizer) : TandemPageModel(localizer)
{
    public void OnGet()
    {
    }
}
