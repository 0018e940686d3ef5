using Microsoft.AspNetCore.Identity;
using NodaTime;
using Tandem.Core.Common;
using Tandem.Core.Data;
using Tandem.Core.Security;
using Tandem.Core.Security.Audit;

namespace Tandem.Core.Staff;

public sealed record EnrolmentStart(string Secret, string ProvisioningUri, string AccountName);

public sealed record EnrolmentDone(IReadOnlyList<string> RecoveryCodes);

/// <summary>
/// Enrolment of the mandatory second factor at first sign-in: a secret is proposed (the
/// same one until confirmed, so reloading the page keeps the QR code), confirmed by a
/// first code, and answered with ten recovery codes shown once.
/// </summary>
public sealed class TotpEnrolment(UserManager<StaffUser> users, TandemDbContext db, TotpSecrets secrets, AuditTrail audit, IClock clock)
{
    public async Task<Outcome<EnrolmentStart>> BeginAsync(Guid userId, CancellationToken ct = default)
    {
        var user = await users.FindByIdAsync(userId.ToString());
        if (user is null || !user.IsActive)
        {
            return Outcome<EnrolmentStart>.Fail(OutcomeStatus.NotFound, Messages.NotFound);
        }

        if (user.HasSecondFactor)
        {
            return Outcome<EnrolmentStart>.Fail(OutcomeStatus.Conflict, Messages.SecondFactorAlreadyEnrolled);
        }

        var secret = secrets.Open(user);
        if (secret is null)
        {
            secret = TotpCodes.NewSecret();
            user.TotpSecret = secrets.Seal(user.Id, secret);
            var saved = await users.UpdateAsync(user);
            if (!saved.Succeeded)
            {
                return Outcome<EnrolmentStart>.Fail(OutcomeStatus.Conflict, Messages.CodeInvalid);
            }
        }

        var account = user.Email ?? user.UserName ?? user.Id.ToString();
        return Outcome<EnrolmentStart>.Ok(new EnrolmentStart(secret, TotpCodes.ProvisioningUri(secret, account), account));
    }

    public async Task<Outcome<EnrolmentDone>> ConfirmAsync(Guid userId, string? code, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(code))
        {
            return Outcome<EnrolmentDone>.Invalid("code", Messages.Required);
        }

        var user = await users.FindByIdAsync(userId.ToString());
        if (user is null || !user.IsActive || user.TotpSecret is null)
        {
            return Outcome<EnrolmentDone>.Fail(OutcomeStatus.NotFound, Messages.NotFound);
        }

        if (user.HasSecondFactor)
        {
            return Outcome<EnrolmentDone>.Fail(OutcomeStatus.Conflict, Messages.SecondFactorAlreadyEnrolled);
        }

        var now = clock.GetCurrentInstant();
        if (TotpCodes.MatchTimeStep(secrets.Open(user)!, code, now) is not { } step)
        {
            SignInThrottle.RecordFailure(user, now);
            await users.UpdateAsync(user);
            return Outcome<EnrolmentDone>.Invalid("code", Messages.CodeInvalid);
        }

        user.TotpConfirmedAt = now;
        user.LastTotpTimeStep = step;
        user.TwoFactorEnabled = true;
        SignInThrottle.RecordSuccess(user);
        var updated = await users.UpdateAsync(user);
        if (!updated.Succeeded)
        {
            return Outcome<EnrolmentDone>.Fail(OutcomeStatus.Conflict, Messages.CodeInvalid);
        }

        var codes = await RecoveryCodes.ReplaceAsync(db, user.Id, ct);
        await audit.AppendAsync(AuditTrail.Staff(user.Id), AuditActions.TotpEnrolled, user.Id.ToString(), null, ct);
        return Outcome<EnrolmentDone>.Ok(new EnrolmentDone(codes));
    }

    public async Task<IReadOnlyList<string>> RegenerateRecoveryCodesAsync(Guid userId, CancellationToken ct = default)
    {
        var codes = await RecoveryCodes.ReplaceAsync(db, userId, ct);
        await audit.AppendAsync(AuditTrail.Staff(userId), AuditActions.RecoveryCodesRegenerated, userId.ToString(), null, ct);
        return codes;
    }
}
