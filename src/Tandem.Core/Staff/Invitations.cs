using Microsoft.EntityFrameworkCore;
using NodaTime;
using Tandem.Core.Common;
using Tandem.Core.Data;
using Tandem.Core.Security;
using Tandem.Core.Security.Audit;

namespace Tandem.Core.Staff;

public sealed record InvitationIssued(Guid InvitationId, string Token, Instant ExpiresAt);

public sealed record PendingInvitation(Guid Id, string Email, string DisplayName, string Role, Instant CreatedAt, Instant ExpiresAt);

/// <summary>
/// Administrators invite staff by a single-use link valid three days. The invitee chooses
/// a password; the second factor is enrolled at first sign-in.
/// </summary>
public sealed class Invitations(TandemDbContext db, StaffAccounts accounts, AuditTrail audit, IClock clock)
{
    public static readonly Duration Validity = Duration.FromDays(3);

    public async Task<Outcome<InvitationIssued>> InviteAsync(Guid administratorId, string? displayName, string? email, string? role, CancellationToken ct = default)
    {
        var errors = StaffAccounts.ValidateIdentity(displayName, email)
            .AddIf(!Roles.IsKnown(role), "role", Messages.UnknownRole);
        if (!errors.Any)
        {
            var normalised = email!.Trim().ToUpperInvariant();
            if (await db.Users.AnyAsync(u => u.NormalizedEmail == normalised, ct))
            {
                errors.Add("email", Messages.EmailTaken);
            }
        }

        if (errors.Any)
        {
            return Outcome<InvitationIssued>.Invalid(errors);
        }

        var now = clock.GetCurrentInstant();
        var trimmedEmail = email!.Trim();

        // A new invitation replaces an earlier unused one for the same address.
        await db.StaffLinks
            .Where(l => l.Kind == StaffLinkKind.Invitation && l.Email == trimmedEmail && l.UsedAt == null && l.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.RevokedAt, now), ct);

        var token = SecretTokens.NewUrlToken();
        var link = new StaffLink
        {
            Id = Guid.NewGuid(),
            Kind = StaffLinkKind.Invitation,
            TokenHash = SecretTokens.Hash(token),
            Email = trimmedEmail,
            DisplayName = displayName!.Trim(),
            Role = role,
            CreatedById = administratorId,
            CreatedAt = now,
            ExpiresAt = now + Validity,
        };
        db.StaffLinks.Add(link);
        await db.SaveChangesAsync(ct);
        await audit.AppendAsync(AuditTrail.Staff(administratorId), AuditActions.Invited, link.Id.ToString(), new Dictionary<string, string?> { ["role"] = role }, ct);
        return Outcome<InvitationIssued>.Ok(new InvitationIssued(link.Id, token, link.ExpiresAt));
    }

    public async Task<PendingInvitation?> FindAsync(string? token, CancellationToken ct = default)
    {
        var link = await FindUsableAsync(token, ct);
        return link is null ? null : ToPending(link);
    }

    public async Task<IReadOnlyList<PendingInvitation>> PendingAsync(CancellationToken ct = default)
    {
        var now = clock.GetCurrentInstant();
        var links = await db.StaffLinks.AsNoTracking()
            .Where(l => l.Kind == StaffLinkKind.Invitation && l.UsedAt == null && l.RevokedAt == null && l.ExpiresAt > now)
            .OrderBy(l => l.CreatedAt)
            .ToListAsync(ct);
        return links.Select(ToPending).ToList();
    }

    public async Task<Outcome<StaffUser>> AcceptAsync(string? token, string? password, string? confirmation, CancellationToken ct = default)
    {
        var link = await FindUsableAsync(token, ct);
        if (link is null)
        {
            return Outcome<StaffUser>.Fail(OutcomeStatus.NotFound, Messages.LinkInvalid);
        }

        var errors = StaffAccounts.ValidatePassword(password, confirmation, null, link.DisplayName, link.Email);
        if (errors.Any)
        {
            return Outcome<StaffUser>.Invalid(errors);
        }

        var created = await StaffLinkStore.UseAsync(db, link.Id, clock.GetCurrentInstant(), () => accounts.CreateAsync(link.DisplayName!, link.Email!, password!, link.Role!), ct);
        if (!created.Succeeded)
        {
            return created;
        }

        await audit.AppendAsync(AuditTrail.Staff(created.Value!.Id), AuditActions.InvitationAccepted, link.Id.ToString(), new Dictionary<string, string?> { ["role"] = link.Role }, ct);
        return created;
    }

    public async Task<bool> RevokeAsync(Guid administratorId, Guid invitationId, CancellationToken ct = default)
    {
        var now = clock.GetCurrentInstant();
        var revoked = await db.StaffLinks
            .Where(l => l.Id == invitationId && l.Kind == StaffLinkKind.Invitation && l.UsedAt == null && l.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.RevokedAt, now), ct);
        if (revoked == 1)
        {
            await audit.AppendAsync(AuditTrail.Staff(administratorId), AuditActions.InvitationRevoked, invitationId.ToString(), null, ct);
        }

        return revoked == 1;
    }

    private static PendingInvitation ToPending(StaffLink link) =>
        new(link.Id, link.Email!, link.DisplayName!, link.Role!, link.CreatedAt, link.ExpiresAt);

    private Task<StaffLink?> FindUsableAsync(string? token, CancellationToken ct) =>
        StaffLinkStore.FindUsableAsync(db, token, StaffLinkKind.Invitation, clock.GetCurrentInstant(), ct);
}
