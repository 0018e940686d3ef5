namespace Tandem.Web.Authorization;

public static class AuthSchemes
{
    /// <summary>Chooses the bearer scheme when an Authorization header is sent, the cookie otherwise.</summary>
    public const string Selector = "Tandem";

    public const string Bearer = "TandemBearer";

    /// <summary>Short-lived cookie between the password and the second factor.</summary>
    public const string PendingSecondFactor = "TandemPending";

    public const string AuthTimeItem = "tandem.auth_time";

    /// <summary>The beneficiary's cookie, used only under <c>/mon-espace</c>.</summary>
    public const string Space = "TandemSpace";

    public const string SpaceClaim = "tandem:space";

    public const string SpaceStampClaim = "tandem:space_stamp";

    public const string BeneficiaryRole = "beneficiary";

    public const string SpacePath = "/mon-espace";
}
