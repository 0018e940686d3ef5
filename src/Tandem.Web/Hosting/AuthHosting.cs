using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Tandem.Core.Staff;
using Tandem.Web.Authorization;

namespace Tandem.Web.Hosting;

internal static class AuthHosting
{
    public const string SignInRateLimit = "sign-in";
    public const string AccessCodeRateLimit = "access-code";
    public const string RequestCreationRateLimit = "request-creation";

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
                    : context.Request.Path.StartsWithSegments(AuthSchemes.SpacePath)
                        ? AuthSchemes.Space
                        : IdentityConstants.ApplicationScheme)
            .AddCookie(AuthSchemes.Space, o =>
            {
                // The beneficiary's space: its own cookie, read on its own pages only (the selector above). It is
                // the whole site's, not scoped to the space's path, so that it carries the __Host- prefix: a sibling
                // sub-domain cannot plant one and open someone's pages on a space of its choosing.
                o.Cookie.Name = "tandem-space";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.ExpireTimeSpan = sessions.IdleTimeout;
                o.SlidingExpiration = true;
                o.LoginPath = AuthSchemes.SpacePath + "/connexion";
                o.AccessDeniedPath = "/introuvable";
                o.Events = new CookieAuthenticationEvents
                {
                    OnValidatePrincipal = ValidateSpaceSessionAsync,
                    OnRedirectToAccessDenied = context => ApiAware(context, StatusCodes.Status404NotFound),
                };
            })
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
        services.AddScoped<BeneficiarySessions>();

        // Security keys (WebAuthn) as the second factor, after the password: not passwordless, so
        // no discoverable credential is asked for; the key's own PIN or biometry is welcome, not required.
        services.TryAddScoped<IPasskeyHandler<StaffUser>, PasskeyHandler<StaffUser>>();
        services.Configure<IdentityPasskeyOptions>(o =>
        {
            o.ResidentKeyRequirement = "discouraged";
            o.UserVerificationRequirement = "preferred";
            o.ValidateOrigin = SecurityKeys.IsOwnOrigin;
            if (Uri.TryCreate(options.PublicBaseUrl, UriKind.Absolute, out var publicUrl))
            {
                o.ServerDomain = publicUrl.Host;
            }
        });
        services.AddScoped<SecurityKeys>();

        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = WriteRejectionAsync;
            // Per client address, in memory only: the address is never written anywhere.
            o.AddPolicy(SignInRateLimit, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = options.SignInRequestsPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
            o.AddPolicy(AccessCodeRateLimit, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = options.AccessCodeAttemptsPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
            // Only the call that creates counts (the API's POST, the form's last step): filling in,
            // checking an organisation code or correcting a mistake never uses up the allowance.
            var intake = builder.Configuration.GetSection($"{TandemOptions.Section}:Intake").Get<Tandem.Core.Requests.IntakeSettings>() ?? new Tandem.Core.Requests.IntakeSettings();
            o.AddPolicy(RequestCreationRateLimit, context => CreatesRequest(context.Request)
                ? RateLimitPartition.GetSlidingWindowLimiter(
                    context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                    _ => new SlidingWindowRateLimiterOptions { PermitLimit = intake.RequestsPerClientPerHour, Window = TimeSpan.FromHours(1), SegmentsPerWindow = 6, QueueLimit = 0 })
                : RateLimitPartition.GetNoLimiter(string.Empty));
        });
        return builder;
    }

    /// <summary>
    /// The API answers problem details in the caller's language, with Retry-After; a page
    /// gets no body here and is re-executed as the localised status page.
    /// </summary>
    private static async ValueTask WriteRejectionAsync(OnRejectedContext context, CancellationToken ct)
    {
        var http = context.HttpContext;
        // The sliding window (request creation) gives no retry time: one segment, ten minutes, is the honest wait.
        var wait = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter
            : CreatesRequest(http.Request) ? TimeSpan.FromMinutes(10) : TimeSpan.FromMinutes(1);
        http.Response.Headers.RetryAfter = ((int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);

        if (!http.Request.Path.StartsWithSegments("/api"))
        {
            return;
        }

        var l = http.RequestServices.GetRequiredService<Microsoft.Extensions.Localization.IStringLocalizer<SharedResource>>();
        await (CreatesRequest(http.Request)
                ? Api.RequestEndpoints.IntakeRefused(l, "Status.ThrottledText")
                : Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: l["Status.ThrottledTitle"], detail: l["Status.ThrottledText"]))
            .ExecuteAsync(http);
    }

    private static bool CreatesRequest(HttpRequest request) =>
        HttpMethods.IsPost(request.Method)
        && (request.Path.Equals("/api/v1/requests", StringComparison.OrdinalIgnoreCase)
            || (request.Path.Equals("/demande", StringComparison.OrdinalIgnoreCase)
                && string.Equals(request.Query["handler"], "Confirm", StringComparison.OrdinalIgnoreCase)));

    /// <summary>Idle expiry is the cookie's sliding window; this adds the absolute limit and the check of the session and the security stamp.</summary>
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

        // Checked on every request, not every half hour: a deactivated account, a changed role or an ended session ends it at once.
        if (context.Principal is null || await StaffSessions.LiveUserAsync(context.HttpContext, context.Principal) is null)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
        }
    }

    private static async Task ValidateSpaceSessionAsync(CookieValidatePrincipalContext context)
    {
        var session = BeneficiarySessions.Read(context.Principal);
        var access = context.HttpContext.RequestServices.GetRequiredService<Tandem.Core.Requests.BeneficiaryAccess>();
        if (session is null || !await access.IsCurrentAsync(session))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(AuthSchemes.Space);
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
    /// Bearer tokens are self-contained; this re-checks the staff session and security stamp, or the
    /// space's stamp, on each API call, so a deactivated account, a changed role or an
    /// erased space stops working at once. An endpoint marked <see cref="ChecksSpaceSessionItself"/>
    /// reads the space with its stamp in its own query instead.
    /// </summary>
    public static IApplicationBuilder UseStaffTokenValidation(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (context.User.Identity?.IsAuthenticated == true
                && context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            {
                bool valid;
                if (BeneficiarySessions.Read(context.User) is { } session)
                {
                    valid = context.GetEndpoint()?.Metadata.GetMetadata<ChecksSpaceSessionItself>() is not null
                        || await context.RequestServices.GetRequiredService<Tandem.Core.Requests.BeneficiaryAccess>().IsCurrentAsync(session);
                }
                else
                {
                    valid = await StaffSessions.LiveUserAsync(context, context.User) is not null;
                }

                if (!valid)
                {
                    context.User = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity());
                }
            }

            await next(context);
        });
}
