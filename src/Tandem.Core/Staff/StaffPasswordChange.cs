using Microsoft.AspNetCore.Identity;
using NodaTime;
using Tandem.Core.Common;
using Tandem.Core.Mail;
using Tandem.Core.Security;
using Tandem.Core.Security.Audit;

namespace Tandem.Core.Staff;

/// <summary>
/// A staff member changes their own password, or ends every session of their account. Both renew
/// the security stamp, which every cookie and bearer token is checked against on each request, so
/// every other session ends at once; the page signs the current one in again. A wrong current
/// password counts against the account's sign-in throttle, like a failed sign-in.
/// </summary>
public sealed class StaffPasswordChange(UserManager<StaffUser> users, StaffSignIn signIn, Outbox outbox, AuditTrail audit, IClock clock)
{
    public async Task<Outcome<StaffUser>> ChangeAsync(Guid userId, string? current, string? password, string? confirmation, CancellationToken ct = default)
    {
        var user = await users.FindByIdAsync(userId.ToString());
        if (user is null || !user.IsActive)
        {
            return Outcome<StaffUser>.Fail(OutcomeStatus.NotFound, Messages.NotFound);
        }

        var errors = new FieldErrors().AddIf(string.IsNullOrEmpty(current), "currentPassword", Messages.Required);
        StaffAccounts.ValidatePassword(password, confirmation, errors, user.DisplayName, user.Email);
        if (errors.Any)
        {
            return Outcome<StaffUser>.Invalid(errors);
        }

        var now = clock.GetCurrentInstant();
        if (SignInThrottle.IsBlocked(user, now))
        {
            return Outcome<StaffUser>.Fail(OutcomeStatus.Throttled, Messages.SignInThrottled);
        }

        if (!await users.CheckPasswordAsync(user, current!))
        {
            await signIn.FailAsync(user, "password_change", ct);
            return Outcome<StaffUser>.Invalid("currentPassword", Messages.CurrentPasswordWrong);
        }

        // Identity re-checks the current password, stores the new hash and renews the security stamp.
        var changed = await users.ChangePasswordAsync(user, current!, password!);
        if (!changed.Succeeded)
        {
            return Outcome<StaffUser>.Invalid("password", Messages.PasswordTooShort);
        }

        await outbox.NotifyStaffAsync(user.Id, OutboxKind.StaffPasswordChanged, ct);
        await audit.AppendAsync(AuditTrail.Staff(user.Id), AuditActions.PasswordChanged, user.Id.ToString(), null, ct);
        return Outcome<StaffUser>.Ok(user);
    }

    /// <summary>"Sign out everywhere": every cookie and token of the account stops working.</summary>
    public async Task<Outcome<StaffUser>> EndSessionsAsync(Guid userId, CancellationToken ct = default)
    {
        var user = await users.FindByIdAsync(userId.ToString());
        if (user is null || !user.IsActive)
        {
            return Outcome<StaffUser>.Fail(OutcomeStatus.NotFound, Messages.NotFound);
        }

        await users.UpdateSecurityStampAsync(user);
        await audit.AppendAsync(AuditTrail.Staff(user.Id), AuditActions.SessionsEnded, user.Id.ToString(), null, ct);
        return Outcome<StaffUser>.Ok(user);
    }
}
