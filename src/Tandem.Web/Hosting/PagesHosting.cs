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
                o.Conventions.AuthorizePage("/Staff/Profile", Policies.Practitioner);
                o.Conventions.AuthorizePage("/Staff/Appointments", Policies.Practitioner);
                o.Conventions.AuthorizePage("/Staff/Availability", Policies.Practitioner);
                o.Conventions.AuthorizePage("/Staff/Cases", Policies.Practitioner);
                o.Conventions.AuthorizePage("/Staff/Case", Policies.Practitioner);
                o.Conventions.AuthorizePage("/Staff/Referrals", Policies.Practitioner);
                o.Conventions.AuthorizePage("/Staff/Line", Policies.Practitioner);
                o.Conventions.AuthorizePage("/Staff/Programmes", Policies.Practitioner);
                o.Conventions.AuthorizePage("/Staff/Groups", Policies.Provider);
                o.Conventions.AuthorizePage("/Staff/Group", Policies.Provider);
                o.Conventions.AuthorizeFolder("/Organisations", Policies.Staff);
                o.Conventions.AuthorizeFolder("/Programmes", Policies.Staff);
                o.Conventions.AuthorizeFolder("/Admin", Policies.Administrator);
                o.Conventions.AuthorizeFolder("/Coordination", Policies.Coordinator);
                o.Conventions.AuthorizeFolder("/Space", Policies.Beneficiary);
                o.Conventions.AllowAnonymousToFolder("/Public");
                o.Conventions.AllowAnonymousToFolder("/SignIn");
            })
            .AddMvcOptions(o => o.Filters.Add<Pages.NewRequestCounter>())
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
