namespace Tandem.Core.Security.Audit;

/// <summary>The codes written in the audit chain's <c>Action</c> column.</summary>
public static class AuditActions
{
    public const string SetupLinkIssued = "setup.link_issued";
    public const string FirstAdministratorCreated = "setup.first_administrator_created";
    public const string SignedIn = "staff.signed_in";
    public const string SignInFailed = "staff.sign_in_failed";
    public const string SignInThrottled = "staff.sign_in_throttled";
    public const string SignedOut = "staff.signed_out";
    public const string PasswordChanged = "staff.password_changed";
    public const string PasswordResetIssued = "staff.password_reset_issued";
    public const string PasswordReset = "staff.password_reset";
    public const string SessionsEnded = "staff.sessions_ended";
    public const string SessionEnded = "staff.session_ended";
    public const string TotpEnrolled = "staff.totp_enrolled";
    public const string SecurityKeyAdded = "staff.security_key_added";
    public const string SecurityKeyRemoved = "staff.security_key_removed";
    public const string TotpReplayRefused = "staff.totp_replay_refused";
    public const string RecoveryCodeUsed = "staff.recovery_code_used";
    public const string RecoveryCodesRegenerated = "staff.recovery_codes_regenerated";
    public const string Invited = "staff.invited";
    public const string InvitationAccepted = "staff.invitation_accepted";
    public const string InvitationRevoked = "staff.invitation_revoked";
    public const string RoleChanged = "staff.role_changed";
    public const string Deactivated = "staff.deactivated";
    public const string Reactivated = "staff.reactivated";
    public const string SecondFactorReset = "staff.second_factor_reset";
    public const string AuditVerified = "audit.verified";
    public const string DemoSeeded = "demo.seeded";
}
