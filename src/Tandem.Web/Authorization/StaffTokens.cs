using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using NodaTime;
using Tandem.Core.Staff;

namespace Tandem.Web.Authorization;

/// <summary>
/// Issues the API's bearer tokens for staff: Identity's principal, protected by Data Protection,
/// short-lived, and each one a session of <see cref="StaffSessionRegistry"/> that its owner can end.
/// </summary>
public sealed class StaffTokens(
    SignInManager<StaffUser> signIn,
    StaffSessionRegistry registry,
    IOptionsMonitor<BearerTokenOptions> bearerOptions,
    TimeProvider time)
{
    public async Task<(string Token, DateTimeOffset ExpiresAt)> IssueAsync(StaffUser user)
    {
        var options = bearerOptions.Get(AuthSchemes.Bearer);
        var context = signIn.Context;
        var sessionId = await registry.OpenAsync(user, StaffSessionKind.Api, DeviceName.Of(context.Request.Headers.UserAgent),
            Duration.FromTimeSpan(options.BearerTokenExpiration), context.RequestAborted);
        var principal = await signIn.CreateUserPrincipalAsync(user);
        ((ClaimsIdentity)principal.Identity!).AddClaim(new Claim(StaffClaims.SessionType, sessionId.ToString()));
        var now = time.GetUtcNow();
        var expires = now + options.BearerTokenExpiration;
        var properties = new AuthenticationProperties { IssuedUtc = now, ExpiresUtc = expires };
        var token = options.BearerTokenProtector.Protect(new AuthenticationTicket(principal, properties, $"{AuthSchemes.Bearer}:AccessToken"));
        return (token, expires);
    }
}
