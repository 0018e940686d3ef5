using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.Extensions.Options;
using Tandem.Core.Requests;

namespace Tandem.Web.Authorization;

/// <summary>
/// Sessions of a beneficiary space: a cookie for the pages, a bearer token for the API.
/// The principal carries the space id and its stamp, nothing else — no name, no address.
/// </summary>
public sealed class BeneficiarySessions(IOptionsMonitor<BearerTokenOptions> bearerOptions, TimeProvider time)
{
    public static ClaimsPrincipal Principal(SpaceSession session, string scheme) =>
        new(new ClaimsIdentity(
            [
                new Claim(AuthSchemes.SpaceClaim, session.SpaceId.ToString()),
                new Claim(AuthSchemes.SpaceStampClaim, session.Stamp.ToString()),
                new Claim(ClaimTypes.Role, AuthSchemes.BeneficiaryRole),
            ],
            scheme));

    public static SpaceSession? Read(ClaimsPrincipal? principal) =>
        Guid.TryParse(principal?.FindFirst(AuthSchemes.SpaceClaim)?.Value, out var space)
        && Guid.TryParse(principal?.FindFirst(AuthSchemes.SpaceStampClaim)?.Value, out var stamp)
            ? new SpaceSession(space, stamp)
            : null;

    public static Guid SpaceId(ClaimsPrincipal principal) => Session(principal).SpaceId;

    public static SpaceSession Session(ClaimsPrincipal principal) =>
        Read(principal) ?? throw new InvalidOperationException("The principal is not a beneficiary space.");

    public Task SignInAsync(HttpContext context, SpaceSession session) =>
        context.SignInAsync(AuthSchemes.Space, Principal(session, AuthSchemes.Space), new AuthenticationProperties { IsPersistent = false });

    public string IssueToken(SpaceSession session)
    {
        var options = bearerOptions.Get(AuthSchemes.Bearer);
        var now = time.GetUtcNow();
        var properties = new AuthenticationProperties { IssuedUtc = now, ExpiresUtc = now + options.BearerTokenExpiration };
        return options.BearerTokenProtector.Protect(new AuthenticationTicket(Principal(session, AuthSchemes.Bearer), properties, $"{AuthSchemes.Bearer}:AccessToken"));
    }
}
