using System.Security.Claims;

namespace Tandem.Web.Authorization;

internal static class StaffClaims
{
    /// <summary>The claim that carries the id of the staff session (<see cref="Core.Staff.StaffSession"/>) in a cookie or token.</summary>
    public const string SessionType = "tandem:sid";

    /// <summary>The staff id of an authenticated principal (Identity writes it as the name identifier).</summary>
    public static Guid Id(ClaimsPrincipal principal) =>
        Guid.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), out var id)
            ? id
            : throw new InvalidOperationException("The principal carries no staff id.");

    /// <summary>The session a cookie or token belongs to; <see cref="Guid.Empty"/> when it names none.</summary>
    public static Guid SessionId(ClaimsPrincipal principal) =>
        Guid.TryParse(principal.FindFirstValue(SessionType), out var id) ? id : Guid.Empty;
}
