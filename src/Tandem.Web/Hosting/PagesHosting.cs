using Tandem.Web.Authorization;

namespace Tandem.Web.Hosting;

internal static class PagesHosting
{
    public static WebApplicationBuilder AddTandemPages(this WebApplicationBuilder builder)
    {
        builder.Services.AddRazorPages(o =>
            {
                // Every folder names its policy; public pages say so explicitly.
                o.Conventions.AuthorizeFolder("/Staff", Policies.Staff);
                o.Conventions.AuthorizeFolder("/Admin", Policies.Administrator);
                o.Conventions.AllowAnonymousToFolder("/Public");
                o.Conventions.AllowAnonymousToFolder("/SignIn");
            })
            .AddViewLocalization()
            .AddDataAnnotationsLocalization(o => o.DataAnnotationLocalizerProvider = (_, factory) => factory.Create(typeof(SharedResource)));
        builder.Services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "tandem-af";
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.FormFieldName = "__af";
        });
        return builder;
    }
}
