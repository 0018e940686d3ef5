using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using Tandem.Core.Common;
using Tandem.Core.Data;
using Tandem.Core.Mail;
using Tandem.Core.Security;
using Tandem.Core.Security.Audit;

namespace Tandem.Core.Staff;

public sealed record PasswordResetIssued(string Token, Instant ExpiresAt);

public sealed record PendingPasswordReset(string DisplayName, string Email);

/// <summary>
/// A forgotten password: an administrator hands the person a single-use link, valid 24 hours,
/// stored by its hash; the person chooses a new password with it. The administrator never sees
/// or sets the password, the second factor stays required at the next sign-in, and every
/// session of the account ends. A new link replaces an unused earlier one.
/// </summary>
public sealed class PasswordResets(TandemDbContext db, UserManager<StaffUser> users, Outbox outbox, AuditTrail audit, IClock clock)
{
    public static readonly Duration Validity = Duration.FromHours(24);

    public async Task<Outcome<PasswordResetIssued>> IssueAsync(Guid administratorId, Guid userId, CancellationToken ct = default)
    {
        var user = await users.FindByIdAsync(userId.ToString());
        if (user is null || !user.IsActive)
        {
            return Outcome<PasswordResetIssued>.Fail(OutcomeStatus.NotFound, Messages.NotFound);
        }

        var now = clock.GetCurrentInstant();
        await db.StaffLinks
            .Where(l => l.Kind == StaffLinkKind.PasswordReset && l.Email == user.Email && l.UsedAt == null && l.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.RevokedAt, now), ct);
        var token = SecretTokens.NewUrlToken();
        db.StaffLinks.Add(new StaffLink
        {
            Id = Guid.NewGuid(),
            Kind = StaffLinkKind.PasswordReset,
            TokenHash = SecretTokens.Hash(token),
            Email = user.Email,
            DisplayName = user.DisplayName,
            CreatedById = administratorId,
            CreatedAt = now,
            ExpiresAt = now + Validity,
        });

        // The person hears of it at their own address too: a link they did not ask for is a warning.
        outbox.StaffNotice(user.Id, OutboxKind.StaffPasswordResetIssued);
        await db.SaveChangesAsync(ct);
        await audit.AppendAsync(AuditTrail.Staff(administratorId), AuditActions.PasswordResetIssued, user.Id.ToString(), null, ct);
        return Outcome<PasswordResetIssued>.Ok(new PasswordResetIssued(token, now + Validity));
    }

    public async Task<PendingPasswordReset?> FindAsync(string? token, CancellationToken ct = default) =>
        await StaffLinkStore.FindUsableAsync(db, token, StaffLinkKind.PasswordReset, clock.GetCurrentInstant(), ct) is { } link
            ? new PendingPasswordReset(link.DisplayName!, link.Email!)
            : null;

    public async Task<Outcome<StaffUser>> CompleteAsync(string? token, string? password, string? confirmation, CancellationToken ct = default)
    {
        var link = await StaffLinkStore.FindUsableAsync(db, token, StaffLinkKind.PasswordReset, clock.GetCurrentInstant(), ct);
        var user = link is null ? null : await users.FindByEmailAsync(link.Email!);
        if (link is null || user is null || !user.IsActive)
        {
            return Outcome<StaffUser>.Fail(OutcomeStatus.NotFound, Messages.LinkInvalid);
        }

        var errors = StaffAccounts.ValidatePassword(password, confirmation, null, user.DisplayName, user.Email);
        if (errors.Any)
        {
            return Outcome<StaffUser>.Invalid(errors);
        }

        // Identity checks the new password before replacing the old one, and renews the security stamp: every session ends.
        var reset = await StaffLinkStore.UseAsync(db, link.Id, clock.GetCurrentInstant(), async () =>
            (await users.ResetPasswordAsync(user, await users.GeneratePasswordResetTokenAsync(user), password!)).Succeeded
                ? Outcome<StaffUser>.Ok(user)
                : Outcome<StaffUser>.Invalid("password", Messages.PasswordTooShort), ct);
        if (!reset.Succeeded)
        {
            return reset;
        }

        await outbox.NotifyStaffAsync(user.Id, OutboxKind.StaffPasswordReset, ct);
        await audit.AppendAsync(AuditTrail.Staff(user.Id), AuditActions.PasswordReset, user.Id.ToString(), null, ct);
        return Outcome<StaffUser>.Ok(user);
    }
}
