using NodaTime;

namespace Tandem.Core.Staff;

public enum StaffLinkKind
{
    FirstAdministrator = 1,
    Invitation = 2,
    PasswordReset = 3,
}

/// <summary>A single-use link: the first administrator's set-up link, an invitation, or a new-password link. Only the token's hash is stored.</summary>
public sealed class StaffLink
{
    public Guid Id { get; set; }

    public StaffLinkKind Kind { get; set; }

    public required string TokenHash { get; set; }

    public string? Email { get; set; }

    public string? DisplayName { get; set; }

    public string? Role { get; set; }

    public Guid? CreatedById { get; set; }

    public Instant CreatedAt { get; set; }

    public Instant ExpiresAt { get; set; }

    public Instant? UsedAt { get; set; }

    public Instant? RevokedAt { get; set; }

    public bool IsUsable(Instant now) => UsedAt is null && RevokedAt is null && now < ExpiresAt;
}
