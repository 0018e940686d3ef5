namespace Tandem.Core.Requests;

/// <summary>
/// Limits on anonymous request creation (configuration section <c>Tandem:Intake</c>). The
/// global cap is counted in the database, so it holds across every instance; the per-client
/// limit is counted in memory by each instance and never writes the client's address.
/// </summary>
public sealed class IntakeSettings
{
    /// <summary>New requests accepted from everyone in the last hour, all instances together.</summary>
    public int RequestsPerHour { get; set; } = 500;

    /// <summary>New requests accepted from one client address in an hour, per instance, in memory.</summary>
    public int RequestsPerClientPerHour { get; set; } = 10;
}
