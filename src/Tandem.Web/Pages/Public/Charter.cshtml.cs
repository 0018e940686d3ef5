using Microsoft.Extensions.Localization;

namespace Tandem.Web.Pages.Public;

public sealed class CharterModel(IStringLocalizer<SharedResource> localizer) : TandemPageModel(localizer)
{
    public void OnGet()
    {
    }
}
