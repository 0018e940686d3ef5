using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;
using Tandem.Core.Common;
using Tandem.Core.Staff;

namespace Tandem.Web.Pages.Public;

/// <summary>A forgotten password: the person chooses a new one with the single-use link an administrator gave them.</summary>
[EnableRateLimiting(Hosting.AuthHosting.SignInRateLimit)]
public sealed class PasswordResetModel(PasswordResets resets, IStringLocalizer<SharedResource> localizer) : LinkPasswordPageModel<PendingPasswordReset>(localizer)
{
    protected override string DoneMessageKey => "PasswordReset.Done";

    protected override Task<PendingPasswordReset?> FindAsync(string token, CancellationToken ct) => resets.FindAsync(token, ct);

    protected override Task<Outcome<StaffUser>> CompleteAsync(string token, CancellationToken ct) =>
        resets.CompleteAsync(token, Password, PasswordConfirmation, ct);
}
