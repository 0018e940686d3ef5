using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Tandem.Core.Staff;

namespace Tandem.Web.Pages.Staff;

public sealed class StaffHomeModel(UserManager<StaffUser> users, IStringLocalizer<SharedResource> localizer) : TandemPageModel(localizer)
{
    public string Name { get; private set; } = string.Empty;

    public string Role { get; private set; } = string.Empty;

    public async Task<IActionResult> OnGetAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return NotFound();
        }

        Name = user.DisplayName;
        Role = user.Role;
        return Page();
    }
}
