namespace Tandem.Web.Authorization;

public static class AuthSchemes
{
    /// <summary>Chooses the bearer scheme when an Authorization header is sent, the cookie otherwise.</summary>
    public const string Selector = "Tandem";

    public const string Bearer = "TandemBearer";

    /// <summary>Short-lived cookie between the password and the second factor.</summary>
    public const string PendingSecondFactor = "TandemPending";

    public const string AuthTimeItem = "tandem.auth_time";
}
