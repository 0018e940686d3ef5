namespace Tandem.Web.Authorization;

/// <summary>
/// Marks an endpoint of the person's space that reads the space with its session's stamp in the
/// same query, so the check every call with a space's token otherwise makes first
/// (<see cref="Hosting.AuthHosting.UseStaffTokenValidation"/>) would only ask the database again.
/// Such an endpoint answers 401 itself when the space is gone; nothing else may carry it.
/// </summary>
public sealed class ChecksSpaceSessionItself
{
    public static readonly ChecksSpaceSessionItself Instance = new();

    private ChecksSpaceSessionItself()
    {
    }
}
