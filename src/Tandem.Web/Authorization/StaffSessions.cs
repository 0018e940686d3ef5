using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using NodaTime;
using Tandem.Core.Staff;
using Tandem.Web.Hosting;

namespace Tandem.Web.Authorization;

/// <summary>
/// Opens a staff cookie session: a row of <see cref="StaffSessionRegistry"/> whose id the cookie
/// carries, and the start time, so the absolute limit can be enforced.
/// </summary>
public sealed class StaffSessions(SignInManager<StaffUser> signIn, StaffSessionRegistry registry, IOptions<TandemOptions> options, TimeProvider time)
{
    /// <param name="method">How the person proved who they are: password and TOTP code, or password and hardware key.</param>
    public async Task SignInAsync(StaffUser user, string method = "pwd+totp")
    {
        var lifetime = Duration.FromTimeSpan(options.Value.Sessions.AbsoluteTimeout);
        var sessionId = await registry.OpenAsync(user, StaffSessionKind.Browser, DeviceName.Of(signIn.Context.Request.Headers.UserAgent), lifetime, signIn.Context.RequestAborted);
        var properties = new AuthenticationProperties { IsPersistent = false };
        properties.Items[AuthSchemes.AuthTimeItem] = time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        await signIn.SignInWithClaimsAsync(user, properties,
        [
            new Claim(ClaimTypes.AuthenticationMethod, method),
            new Claim(StaffClaims.SessionType, sessionId.ToString()),
        ]);
    }

    /// <summary>
    /// The account behind a cookie or a token, if its session is live, the account active and the
    /// security stamp the one it carries; otherwise null. One query.
    /// </summary>
    public static async Task<StaffUser?> LiveUserAsync(HttpContext context, ClaimsPrincipal principal)
    {
        if (!Guid.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), out var userId))
        {
            return null;
        }

        var stampType = context.RequestServices.GetRequiredService<IOptions<IdentityOptions>>().Value.ClaimsIdentity.SecurityStampClaimType;
        return await context.RequestServices.GetRequiredService<StaffSessionRegistry>()
            .CheckAsync(userId, StaffClaims.SessionId(principal), principal.FindFirstValue(stampType), context.RequestAborted);
    }
}
