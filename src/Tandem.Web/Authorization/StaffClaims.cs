using System.Security.Claims;

namespace Tandem.Web.Authorization;

internal static class StaffClaims
{
    /// <summary>The staff id of an authenticated principal (Identity writes it as the name identifier).</summary>
    public static Guid Id(ClaimsPrincipal principal) =>
        Guid.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), out var id)
            ? id
            : throw new InvalidOperationException("The principal carries no staff id.");
}
