using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.RateLimiting;
using Tandem.Core.Staff;
using Tandem.Web.Authorization;

namespace Tandem.Web.Hosting;

internal static class AuthHosting
{
    public const string SignInRateLimit = "sign-in";

    public static WebApplicationBuilder AddTandemAuth(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(TandemOptions.Section).Get<TandemOptions>() ?? new TandemOptions();
        var sessions = options.Sessions;
        var services = builder.Services;

        services.AddAuthentication(o =>
            {
                o.DefaultScheme = AuthSchemes.Selector;
                o.DefaultChallengeScheme = AuthSchemes.Selector;
            })
            .AddPolicyScheme(AuthSchemes.Selector, null, o => o.ForwardDefaultSelector = context =>
                context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    ? AuthSchemes.Bearer
                    : IdentityConstants.ApplicationScheme)
            .AddCookie(IdentityConstants.ApplicationScheme, o =>
            {
                o.Cookie.Name = "tandem-session";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.ExpireTimeSpan = sessions.IdleTimeout;
                o.SlidingExpiration = true;
                o.LoginPath = "/connexion";
                o.LogoutPath = "/espace/deconnexion";
                o.AccessDeniedPath = "/introuvable";
                o.Events = new CookieAuthenticationEvents
                {
                    OnValidatePrincipal = context => ValidateSessionAsync(context, sessions.AbsoluteTimeout),
                    OnRedirectToLogin = context => ApiAware(context, StatusCodes.Status401Unauthorized),
                    OnRedirectToAccessDenied = context => ApiAware(context, StatusCodes.Status404NotFound),
                };
            })
            .AddBearerToken(AuthSchemes.Bearer, o =>
            {
                o.BearerTokenExpiration = sessions.StaffTokenLifetime;
                o.RefreshTokenExpiration = sessions.StaffTokenLifetime;
            });

        services.AddIdentityCore<StaffUser>()
            .AddSignInManager()
            .AddDefaultTokenProviders();

        services.AddAuthorization(Policies.Register);
        services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler, NotFoundWhenForbidden>();
        services.AddSingleton<PendingSignIn>();
        services.AddScoped<StaffTokens>();
        services.AddScoped<StaffSessions>();

        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            // Per client address, in memory only: the address is never written anywhere.
            o.AddPolicy(SignInRateLimit, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = options.SignInRequestsPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
        });
        return builder;
    }

    /// <summary>Idle expiry is the cookie's sliding window; this adds the absolute limit and the security-stamp check.</summary>
    private static async Task ValidateSessionAsync(CookieValidatePrincipalContext context, TimeSpan absoluteTimeout)
    {
        var time = context.HttpContext.RequestServices.GetRequiredService<TimeProvider>();
        if (!context.Properties.Items.TryGetValue(AuthSchemes.AuthTimeItem, out var raw)
            || !long.TryParse(raw, out var unixSeconds)
            || time.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(unixSeconds) > absoluteTimeout)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
            return;
        }

        // Checked on every request, not every half hour: a deactivated account or a changed role ends the session at once.
        var signIn = context.HttpContext.RequestServices.GetRequiredService<SignInManager<StaffUser>>();
        var user = await signIn.ValidateSecurityStampAsync(context.Principal);
        if (user is null || !user.IsActive)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
        }
    }

    private static Task ApiAware(RedirectContext<CookieAuthenticationOptions> context, int apiStatus)
    {
        if (context.Request.Path.StartsWithSegments("/api"))
        {
            context.Response.StatusCode = apiStatus;
            return Task.CompletedTask;
        }

        if (apiStatus == StatusCodes.Status404NotFound)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }

        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Bearer tokens are self-contained; this re-checks the security stamp on each API call
    /// so a deactivated account or a changed role stops working at once.
    /// </summary>
    public static IApplicationBuilder UseStaffTokenValidation(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (context.User.Identity?.IsAuthenticated == true
                && context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            {
                var signIn = context.RequestServices.GetRequiredService<SignInManager<StaffUser>>();
                var user = await signIn.ValidateSecurityStampAsync(context.User);
                if (user is null || !user.IsActive)
                {
                    context.User = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity());
                }
            }

            await next(context);
        });
}
