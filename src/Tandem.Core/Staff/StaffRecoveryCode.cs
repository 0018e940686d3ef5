namespace Tandem.Core.Staff;

/// <summary>One unused recovery code of a staff account, by hash; redeeming it deletes the row.</summary>
public sealed class StaffRecoveryCode
{
    public Guid Id { get; set; }

    public Guid UserId { get; set; }

    public required string CodeHash { get; set; }
}
