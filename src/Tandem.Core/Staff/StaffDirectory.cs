using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using Tandem.Core.Common;
using Tandem.Core.Data;
using Tandem.Core.Security;
using Tandem.Core.Security.Audit;

namespace Tandem.Core.Staff;

public sealed record StaffSummary(Guid Id, string DisplayName, string Email, string Role, bool Active, bool SecondFactorEnrolled, Instant CreatedAt);

/// <summary>The administrator's view of staff accounts: list, change role, deactivate, reset the second factor.</summary>
public sealed class StaffDirectory(TandemDbContext db, UserManager<StaffUser> users, Mail.Outbox outbox, AuditTrail audit, IClock clock)
{
    public async Task<IReadOnlyList<StaffSummary>> ListAsync(CancellationToken ct = default)
    {
        var list = await db.Users.AsNoTracking().OrderBy(u => u.DisplayName).ToListAsync(ct);
        return list.Select(Summarise).ToList();
    }

    public async Task<StaffSummary?> FindAsync(Guid id, CancellationToken ct = default)
    {
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == id, ct);
        return user is null ? null : Summarise(user);
    }

    public async Task<Outcome<StaffSummary>> ChangeRoleAsync(Guid administratorId, Guid userId, string? role, CancellationToken ct = default)
    {
        if (!Roles.IsKnown(role))
        {
            return Outcome<StaffSummary>.Invalid("role", Messages.UnknownRole);
        }

        var user = await users.FindByIdAsync(userId.ToString());
        if (user is null)
        {
            return Outcome<StaffSummary>.Fail(OutcomeStatus.NotFound, Messages.NotFound);
        }

        if (user.Role == role)
        {
            return Outcome<StaffSummary>.Ok(Summarise(user));
        }

        if (user.Role == Roles.Administrator && await IsLastActiveAdministratorAsync(user, ct))
        {
            return Outcome<StaffSummary>.Invalid("role", Messages.LastAdministrator);
        }

        var previous = user.Role;
        await users.RemoveFromRoleAsync(user, previous);
        await users.AddToRoleAsync(user, role!);
        user.Role = role!;
        await users.UpdateAsync(user);
        await users.UpdateSecurityStampAsync(user);
        await audit.AppendAsync(AuditTrail.Staff(administratorId), AuditActions.RoleChanged, user.Id.ToString(),
            new Dictionary<string, string?> { ["from"] = previous, ["to"] = role }, ct);
        return Outcome<StaffSummary>.Ok(Summarise(user));
    }

    public async Task<Outcome<StaffSummary>> SetActiveAsync(Guid administratorId, Guid userId, bool active, CancellationToken ct = default)
    {
        var user = await users.FindByIdAsync(userId.ToString());
        if (user is null)
        {
            return Outcome<StaffSummary>.Fail(OutcomeStatus.NotFound, Messages.NotFound);
        }

        if (user.Id == administratorId && !active)
        {
            return Outcome<StaffSummary>.Invalid("active", Messages.CannotChangeSelf);
        }

        if (user.IsActive == active)
        {
            return Outcome<StaffSummary>.Ok(Summarise(user));
        }

        if (!active && user.Role == Roles.Administrator && await IsLastActiveAdministratorAsync(user, ct))
        {
            return Outcome<StaffSummary>.Invalid("active", Messages.LastAdministrator);
        }

        user.DeactivatedAt = active ? null : clock.GetCurrentInstant();
        await users.UpdateAsync(user);
        await users.UpdateSecurityStampAsync(user);
        await audit.AppendAsync(AuditTrail.Staff(administratorId), active ? AuditActions.Reactivated : AuditActions.Deactivated, user.Id.ToString(), null, ct);
        return Outcome<StaffSummary>.Ok(Summarise(user));
    }

    /// <summary>For a lost phone and lost recovery codes: the person enrols again at next sign-in.</summary>
    public async Task<Outcome<StaffSummary>> ResetSecondFactorAsync(Guid administratorId, Guid userId, CancellationToken ct = default)
    {
        var user = await users.FindByIdAsync(userId.ToString());
        if (user is null)
        {
            return Outcome<StaffSummary>.Fail(OutcomeStatus.NotFound, Messages.NotFound);
        }

        if (user.Id == administratorId)
        {
            return Outcome<StaffSummary>.Invalid("user", Messages.CannotChangeSelf);
        }

        user.TotpSecret = null;
        user.TotpConfirmedAt = null;
        user.TwoFactorEnabled = false;
        await users.UpdateAsync(user);
        await users.UpdateSecurityStampAsync(user);
        await db.StaffRecoveryCodes.Where(c => c.UserId == user.Id).ExecuteDeleteAsync(ct);
        await outbox.NotifyStaffAsync(user.Id, Mail.OutboxKind.StaffSecondFactorReset, ct);
        await audit.AppendAsync(AuditTrail.Staff(administratorId), AuditActions.SecondFactorReset, user.Id.ToString(), null, ct);
        return Outcome<StaffSummary>.Ok(Summarise(user));
    }

    private async Task<bool> IsLastActiveAdministratorAsync(StaffUser user, CancellationToken ct) =>
        !await db.Users.AnyAsync(u => u.Id != user.Id && u.Role == Roles.Administrator && u.DeactivatedAt == null, ct);

    private static StaffSummary Summarise(StaffUser u) =>
        new(u.Id, u.DisplayName, u.Email ?? string.Empty, u.Role, u.IsActive, u.HasSecondFactor, u.CreatedAt);
}
