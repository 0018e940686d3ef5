using System.Globalization;
using Microsoft.AspNetCore.Localization;

namespace Tandem.Web.Hosting;

internal static class LocalizationHosting
{
    public static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");
    public static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-GB");
    public const string CookieName = "tandem-culture";

    public static WebApplicationBuilder AddTandemLocalization(this WebApplicationBuilder builder)
    {
        builder.Services.AddLocalization(o => o.ResourcesPath = "Resources");
        builder.Services.Configure<RequestLocalizationOptions>(o =>
        {
            o.DefaultRequestCulture = new RequestCulture(French);
            o.SupportedCultures = [French, English];
            o.SupportedUICultures = [French, English];
            o.FallBackToParentCultures = true;
            o.FallBackToParentUICultures = true;

            // Pages are French unless the visible switch chose English; the API also honours Accept-Language.
            o.RequestCultureProviders =
            [
                new CookieRequestCultureProvider { CookieName = CookieName },
                new ApiAcceptLanguageProvider(),
            ];
        });
        return builder;
    }

    private sealed class ApiAcceptLanguageProvider : RequestCultureProvider
    {
        private readonly AcceptLanguageHeaderRequestCultureProvider _inner = new();

        public override Task<ProviderCultureResult?> DetermineProviderCultureResult(HttpContext httpContext) =>
            httpContext.Request.Path.StartsWithSegments("/api")
                ? _inner.DetermineProviderCultureResult(httpContext)
                : NullProviderCultureResult;
    }
}
