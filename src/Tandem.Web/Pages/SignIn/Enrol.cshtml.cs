using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;
using QRCoder;
using Tandem.Core.Common;
using Tandem.Core.Staff;
using Tandem.Web.Authorization;
using Tandem.Web.Hosting;

namespace Tandem.Web.Pages.SignIn;

/// <summary>Enrolment of the second factor at first sign-in; the recovery codes are shown in the answer, once.</summary>
[EnableRateLimiting(AuthHosting.SignInRateLimit)]
public sealed class EnrolModel(
    TotpEnrolment enrolment,
    PendingSignIn pending,
    StaffSessions sessions,
    Microsoft.AspNetCore.Identity.UserManager<StaffUser> users,
    IStringLocalizer<SharedResource> localizer) : TandemPageModel(localizer)
{
    [BindProperty]
    public string? Code { get; set; }

    public string Secret { get; private set; } = string.Empty;

    public string QrCodeDataUri { get; private set; } = string.Empty;

    public IReadOnlyList<string>? RecoveryCodes { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (pending.Read(HttpContext) is not { } userId)
        {
            return LocalRedirect("/connexion");
        }

        return await ShowAsync(userId, ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (pending.Read(HttpContext) is not { } userId)
        {
            return LocalRedirect("/connexion");
        }

        var outcome = await enrolment.ConfirmAsync(userId, Code, ct);
        if (!outcome.Succeeded)
        {
            AddErrors(outcome);
            Code = null;
            return await ShowAsync(userId, ct);
        }

        PendingSignIn.Forget(HttpContext);
        var user = await users.FindByIdAsync(userId.ToString());
        await sessions.SignInAsync(user!);
        RecoveryCodes = outcome.Value!.RecoveryCodes;
        return Page();
    }

    private async Task<IActionResult> ShowAsync(Guid userId, CancellationToken ct)
    {
        var started = await enrolment.BeginAsync(userId, ct);
        if (!started.Succeeded)
        {
            return started.Status == OutcomeStatus.Conflict ? LocalRedirect("/connexion/code") : LocalRedirect("/connexion");
        }

        Secret = started.Value!.Secret;
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(started.Value.ProvisioningUri, QRCodeGenerator.ECCLevel.M);
        var png = new PngByteQRCode(data).GetGraphic(5);
        QrCodeDataUri = "data:image/png;base64," + Convert.ToBase64String(png);
        return Page();
    }
}
