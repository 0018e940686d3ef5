using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Tandem.Core.Staff;

namespace Tandem.Web.Authorization;

/// <summary>Issues the API's bearer tokens for staff: Identity's principal, protected by Data Protection, short-lived.</summary>
public sealed class StaffTokens(
    SignInManager<StaffUser> signIn,
    IOptionsMonitor<BearerTokenOptions> bearerOptions,
    TimeProvider time)
{
    public async Task<(string Token, DateTimeOffset ExpiresAt)> IssueAsync(StaffUser user)
    {
        var options = bearerOptions.Get(AuthSchemes.Bearer);
        var principal = await signIn.CreateUserPrincipalAsync(user);
        var now = time.GetUtcNow();
        var expires = now + options.BearerTokenExpiration;
        var properties = new AuthenticationProperties { IssuedUtc = now, ExpiresUtc = expires };
        var token = options.BearerTokenProtector.Protect(new AuthenticationTicket(principal, properties, $"{AuthSchemes.Bearer}:AccessToken"));
        return (token, expires);
    }
}
