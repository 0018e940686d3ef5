using Microsoft.Extensions.Localization;

namespace Tandem.Web.Pages.Public;

public sealed class CharterModel(Tandem.Core.Cases.RetentionSettings retention, IStringLocalizer<SharedResource> localizer) : TandemPageModel(localizer)
{
    public int RetentionMonths => retention.Months;

    public void OnGet()
    {
    }
}
