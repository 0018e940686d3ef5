using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Tandem.Web.Hosting;

namespace Tandem.Web.Pages.Public;

/// <summary>The visible language switch: remembers the choice in a cookie and goes back where the person was.</summary>
public sealed class CultureModel(IStringLocalizer<SharedResource> localizer) : TandemPageModel(localizer)
{
    public IActionResult OnGet() => LocalRedirect("/");

    public IActionResult OnPost(string? culture, string? returnUrl)
    {
        var chosen = culture == "en" ? LocalizationHosting.English : LocalizationHosting.French;
        Response.Cookies.Append(
            LocalizationHosting.CookieName,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(chosen)),
            new CookieOptions
            {
                MaxAge = TimeSpan.FromDays(365),
                IsEssential = true,
                HttpOnly = true,
                SameSite = SameSiteMode.Lax,
                Secure = Request.IsHttps,
            });
        return LocalRedirect(Url.IsLocalUrl(returnUrl) ? returnUrl : "/");
    }
}
