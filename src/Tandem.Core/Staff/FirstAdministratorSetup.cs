using Microsoft.EntityFrameworkCore;
using NodaTime;
using Tandem.Core.Common;
using Tandem.Core.Data;
using Tandem.Core.Security;
using Tandem.Core.Security.Audit;

namespace Tandem.Core.Staff;

/// <summary>
/// The only way to the first administrator: a single-use link valid 24 hours, printed
/// at start-up on a database that has no administrator. There is no default password.
/// </summary>
public sealed class FirstAdministratorSetup(
    TandemDbContext db,
    StaffAccounts accounts,
    AuditTrail audit,
    IClock clock)
{
    public static readonly Duration Validity = Duration.FromHours(24);

    public Task<bool> HasAdministratorAsync(CancellationToken ct = default) =>
        db.Users.AnyAsync(u => u.Role == Roles.Administrator && u.DeactivatedAt == null, ct);

    /// <summary>Issues a new link (revoking any earlier unused one) when there is no administrator; null otherwise.</summary>
    public async Task<string?> IssueLinkIfNeededAsync(CancellationToken ct = default)
    {
        if (await HasAdministratorAsync(ct))
        {
            return null;
        }

        var now = clock.GetCurrentInstant();
        await db.StaffLinks
            .Where(l => l.Kind == StaffLinkKind.FirstAdministrator && l.UsedAt == null && l.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.RevokedAt, now), ct);

        var token = SecretTokens.NewUrlToken();
        var link = new StaffLink
        {
            Id = Guid.NewGuid(),
            Kind = StaffLinkKind.FirstAdministrator,
            TokenHash = SecretTokens.Hash(token),
            Role = Roles.Administrator,
            CreatedAt = now,
            ExpiresAt = now + Validity,
        };
        db.StaffLinks.Add(link);
        await db.SaveChangesAsync(ct);
        await audit.AppendAsync(AuditTrail.System, AuditActions.SetupLinkIssued, link.Id.ToString(), null, ct);
        return token;
    }

    public async Task<bool> IsUsableAsync(string? token, CancellationToken ct = default) =>
        await FindUsableAsync(token, ct) is not null && !await HasAdministratorAsync(ct);

    public async Task<Outcome<StaffUser>> CompleteAsync(
        string? token, string? displayName, string? email, string? password, string? confirmation, CancellationToken ct = default)
    {
        var link = await FindUsableAsync(token, ct);
        if (link is null || await HasAdministratorAsync(ct))
        {
            return Outcome<StaffUser>.Fail(OutcomeStatus.NotFound, Messages.LinkInvalid);
        }

        var errors = StaffAccounts.ValidateIdentity(displayName, email);
        StaffAccounts.ValidatePassword(password, confirmation, errors, displayName, email);
        if (errors.Any)
        {
            return Outcome<StaffUser>.Invalid(errors);
        }

        // Claim the link first: of two concurrent submissions only one may use it.
        var created = await StaffLinkStore.UseAsync(db, link.Id, clock.GetCurrentInstant(), () => accounts.CreateAsync(displayName!, email!, password!, Roles.Administrator), ct);
        if (!created.Succeeded)
        {
            return created;
        }

        await audit.AppendAsync(AuditTrail.System, AuditActions.FirstAdministratorCreated, created.Value!.Id.ToString(), null, ct);
        return created;
    }

    private Task<StaffLink?> FindUsableAsync(string? token, CancellationToken ct) =>
        StaffLinkStore.FindUsableAsync(db, token, StaffLinkKind.FirstAdministrator, clock.GetCurrentInstant(), ct);
}
