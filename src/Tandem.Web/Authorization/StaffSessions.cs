using System.Globalization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Tandem.Core.Staff;

namespace Tandem.Web.Authorization;

/// <summary>Opens a staff cookie session, stamped with its start so the absolute limit can be enforced.</summary>
public sealed class StaffSessions(SignInManager<StaffUser> signIn, TimeProvider time)
{
    public Task SignInAsync(StaffUser user)
    {
        var properties = new AuthenticationProperties { IsPersistent = false };
        properties.Items[AuthSchemes.AuthTimeItem] = time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return signIn.SignInAsync(user, properties, "pwd+totp");
    }
}
