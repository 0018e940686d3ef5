using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Tandem.Core.Security.Audit;
using Tandem.Core.Staff;
using Tandem.Web.Authorization;

namespace Tandem.Web.Pages.Staff;

public sealed class SignOutModel(SignInManager<StaffUser> signIn, AuditTrail audit, IStringLocalizer<SharedResource> localizer) : TandemPageModel(localizer)
{
    public IActionResult OnGet() => LocalRedirect("/espace");

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var id = StaffClaims.Id(User);
        await signIn.SignOutAsync();
        await audit.AppendAsync(AuditTrail.Staff(id), AuditActions.SignedOut, id.ToString(), null, ct);
        return LocalRedirect("/");
    }
}
