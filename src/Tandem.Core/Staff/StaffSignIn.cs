using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using Tandem.Core.Common;
using Tandem.Core.Data;
using Tandem.Core.Mail;
using Tandem.Core.Security;
using Tandem.Core.Security.Audit;

namespace Tandem.Core.Staff;

/// <summary>What the person must do after a correct password.</summary>
public enum SecondFactorStep
{
    EnterCode,
    Enrol,
}

public sealed record PasswordChecked(Guid UserId, SecondFactorStep Next);

/// <summary>
/// Staff sign-in: password, then a TOTP code (accepted once only) or a recovery code.
/// Every failure counts against that account's throttle and is audited without the
/// secret that was tried.
/// </summary>
public sealed class StaffSignIn(
    UserManager<StaffUser> users,
    TandemDbContext db,
    TotpSecrets secrets,
    Outbox outbox,
    AuditTrail audit,
    IClock clock)
{
    private static readonly PasswordHasher<StaffUser> DummyHasher = new();
    private static readonly string DummyHash = DummyHasher.HashPassword(null!, "not a password of anyone");

    public async Task<Outcome<PasswordChecked>> CheckPasswordAsync(string? email, string? password, CancellationToken ct = default)
    {
        var errors = new FieldErrors()
            .AddIf(string.IsNullOrWhiteSpace(email), "email", Messages.Required)
            .AddIf(string.IsNullOrEmpty(password), "password", Messages.Required);
        if (errors.Any)
        {
            return Outcome<PasswordChecked>.Invalid(errors);
        }

        var user = await users.FindByEmailAsync(email!.Trim());
        if (user is null || !user.IsActive)
        {
            DummyHasher.VerifyHashedPassword(null!, DummyHash, password!);
            await audit.AppendAsync(AuditTrail.System, AuditActions.SignInFailed, null, new Dictionary<string, string?> { ["reason"] = "unknown_or_inactive" }, ct);
            return Outcome<PasswordChecked>.Fail(OutcomeStatus.Unauthorized, Messages.SignInFailed);
        }

        var now = clock.GetCurrentInstant();
        if (SignInThrottle.IsBlocked(user, now))
        {
            await audit.AppendAsync(AuditTrail.Staff(user.Id), AuditActions.SignInThrottled, user.Id.ToString(), null, ct);
            return Outcome<PasswordChecked>.Fail(OutcomeStatus.Throttled, Messages.SignInThrottled);
        }

        if (!await users.CheckPasswordAsync(user, password!))
        {
            await FailAsync(user, "password", ct);
            return Outcome<PasswordChecked>.Fail(OutcomeStatus.Unauthorized, Messages.SignInFailed);
        }

        return Outcome<PasswordChecked>.Ok(new PasswordChecked(user.Id, user.HasSecondFactor ? SecondFactorStep.EnterCode : SecondFactorStep.Enrol));
    }

    /// <summary>The second step: a TOTP code, or one of the recovery codes.</summary>
    public async Task<Outcome<StaffUser>> CheckSecondFactorAsync(Guid userId, string? code, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(code))
        {
            return Outcome<StaffUser>.Invalid("code", Messages.Required);
        }

        var user = await users.FindByIdAsync(userId.ToString());
        if (user is null || !user.IsActive || !user.HasSecondFactor)
        {
            return Outcome<StaffUser>.Fail(OutcomeStatus.Unauthorized, Messages.SignInFailed);
        }

        var now = clock.GetCurrentInstant();
        if (SignInThrottle.IsBlocked(user, now))
        {
            await audit.AppendAsync(AuditTrail.Staff(user.Id), AuditActions.SignInThrottled, user.Id.ToString(), null, ct);
            return Outcome<StaffUser>.Fail(OutcomeStatus.Throttled, Messages.SignInThrottled);
        }

        var step = TotpCodes.MatchTimeStep(secrets.Open(user)!, code, now);
        if (step is { } matched)
        {
            if (matched <= user.LastTotpTimeStep)
            {
                await audit.AppendAsync(AuditTrail.Staff(user.Id), AuditActions.TotpReplayRefused, user.Id.ToString(), null, ct);
                await FailAsync(user, "totp_replay", ct);
                return Outcome<StaffUser>.Fail(OutcomeStatus.Unauthorized, Messages.CodeInvalid);
            }

            user.LastTotpTimeStep = matched;
            return await SucceedAsync(user, "totp", ct);
        }

        if (await RecoveryCodes.RedeemAsync(db, user.Id, code, ct))
        {
            outbox.StaffNotice(user.Id, OutboxKind.StaffRecoveryCodeUsed);
            await audit.AppendAsync(AuditTrail.Staff(user.Id), AuditActions.RecoveryCodeUsed, user.Id.ToString(), null, ct);
            return await SucceedAsync(user, "recovery_code", ct);
        }

        await FailAsync(user, "code", ct);
        return Outcome<StaffUser>.Fail(OutcomeStatus.Unauthorized, Messages.CodeInvalid);
    }

    /// <summary>
    /// The second step with a security key (WebAuthn): <paramref name="verify"/> checks the key's
    /// signature for this account, and is not asked while the account is throttled; a refused
    /// signature counts as a failed sign-in, like a wrong code.
    /// </summary>
    public async Task<Outcome<StaffUser>> CheckSecurityKeyAsync(Guid userId, Func<StaffUser, Task<bool>> verify, CancellationToken ct = default)
    {
        var user = await users.FindByIdAsync(userId.ToString());
        if (user is null || !user.IsActive || !user.HasSecondFactor)
        {
            return Outcome<StaffUser>.Fail(OutcomeStatus.Unauthorized, Messages.SignInFailed);
        }

        if (SignInThrottle.IsBlocked(user, clock.GetCurrentInstant()))
        {
            await audit.AppendAsync(AuditTrail.Staff(user.Id), AuditActions.SignInThrottled, user.Id.ToString(), null, ct);
            return Outcome<StaffUser>.Fail(OutcomeStatus.Throttled, Messages.SignInThrottled);
        }

        if (!await verify(user))
        {
            await FailAsync(user, "security_key", ct);
            return Outcome<StaffUser>.Fail(OutcomeStatus.Unauthorized, Messages.SecurityKeyRefused);
        }

        return await SucceedAsync(user, "security_key", ct);
    }

    /// <summary>
    /// A signed-in staff member types their password again before a sensitive change (ending a
    /// session, adding or removing a security key): a wrong one counts as a failed sign-in, with
    /// <paramref name="reason"/> in the audit.
    /// </summary>
    public async Task<Outcome<bool>> CheckCurrentPasswordAsync(StaffUser user, string? password, string reason, CancellationToken ct = default)
    {
        if (string.IsNullOrEmpty(password))
        {
            return Outcome<bool>.Invalid("password", Messages.Required);
        }

        if (SignInThrottle.IsBlocked(user, clock.GetCurrentInstant()))
        {
            return Outcome<bool>.Fail(OutcomeStatus.Throttled, Messages.SignInThrottled);
        }

        if (!await users.CheckPasswordAsync(user, password))
        {
            await FailAsync(user, reason, ct);
            return Outcome<bool>.Invalid("password", Messages.CurrentPasswordWrong);
        }

        return Outcome<bool>.Ok(true);
    }

    /// <summary>Both steps at once, for the API: e-mail, password and TOTP (or recovery) code.</summary>
    public async Task<Outcome<StaffUser>> SignInAsync(string? email, string? password, string? code, CancellationToken ct = default)
    {
        var errors = new FieldErrors()
            .AddIf(string.IsNullOrWhiteSpace(email), "email", Messages.Required)
            .AddIf(string.IsNullOrEmpty(password), "password", Messages.Required)
            .AddIf(string.IsNullOrWhiteSpace(code), "totp", Messages.Required);
        if (errors.Any)
        {
            return Outcome<StaffUser>.Invalid(errors);
        }

        var first = await CheckPasswordAsync(email, password, ct);
        if (!first.Succeeded)
        {
            return Outcome<StaffUser>.Fail(first.Status, first.Errors.Values.SelectMany(v => v).FirstOrDefault());
        }

        if (first.Value!.Next == SecondFactorStep.Enrol)
        {
            return Outcome<StaffUser>.Fail(OutcomeStatus.Unauthorized, Messages.SecondFactorNotEnrolled);
        }

        return await CheckSecondFactorAsync(first.Value.UserId, code, ct);
    }

    private async Task<Outcome<StaffUser>> SucceedAsync(StaffUser user, string method, CancellationToken ct)
    {
        SignInThrottle.RecordSuccess(user);
        var update = await users.UpdateAsync(user);
        if (!update.Succeeded)
        {
            // Another request used this account's state meanwhile (a replayed code racing the first use).
            return Outcome<StaffUser>.Fail(OutcomeStatus.Unauthorized, Messages.CodeInvalid);
        }

        await audit.AppendAsync(AuditTrail.Staff(user.Id), AuditActions.SignedIn, user.Id.ToString(), new Dictionary<string, string?> { ["method"] = method }, ct);
        return Outcome<StaffUser>.Ok(user);
    }

    /// <summary>A failure with this account's password or code: it counts against the throttle and is audited with its reason, never the secret.</summary>
    internal async Task FailAsync(StaffUser user, string reason, CancellationToken ct)
    {
        SignInThrottle.RecordFailure(user, clock.GetCurrentInstant());
        if (user.FailedSignIns == SignInThrottle.FreeFailures)
        {
            // The failure that blocks the account for the first time since its last success: the person is told once,
            // not at each further try.
            outbox.StaffNotice(user.Id, OutboxKind.StaffSignInBlocked);
        }

        await users.UpdateAsync(user);
        await audit.AppendAsync(AuditTrail.Staff(user.Id), AuditActions.SignInFailed, user.Id.ToString(), new Dictionary<string, string?> { ["reason"] = reason }, ct);
    }
}
