using Microsoft.AspNetCore.Identity;
using NodaTime;

namespace Tandem.Core.Staff;

/// <summary>A staff account: administrator, coordinator, practitioner or organisation contact.</summary>
public sealed class StaffUser : IdentityUser<Guid>, Security.IThrottledSignIn
{
    public required string DisplayName { get; set; }

    /// <summary>The role code (see <see cref="Security.Roles"/>), kept beside Identity's role table for cheap listing.</summary>
    public required string Role { get; set; }

    public Instant CreatedAt { get; set; }

    public Instant? DeactivatedAt { get; set; }

    /// <summary>For an organisation contact: the one organisation whose agreement, onboarding and indicators they see.</summary>
    public Guid? OrganisationId { get; set; }

    /// <summary>The TOTP secret, sealed with the master key (<see cref="TotpSecrets"/>); set at enrolment start, trusted only once <see cref="TotpConfirmedAt"/> is set.</summary>
    public string? TotpSecret { get; set; }

    public Instant? TotpConfirmedAt { get; set; }

    /// <summary>The last accepted TOTP time step: a code is accepted once only.</summary>
    public long LastTotpTimeStep { get; set; }

    public int FailedSignIns { get; set; }

    public Instant? SignInBlockedUntil { get; set; }

    public bool IsActive => DeactivatedAt is null;

    public bool HasSecondFactor => TotpConfirmedAt is not null && TotpSecret is not null;
}
