using NodaTime;

namespace Tandem.Core.Staff;

/// <summary>How a staff session reaches the service.</summary>
public enum StaffSessionKind
{
    /// <summary>A browser, with the session cookie.</summary>
    Browser = 1,

    /// <summary>A program, with a bearer token of the API.</summary>
    Api = 2,
}

/// <summary>
/// One sign-in of a staff account: a browser's cookie or an API token, whose id travels inside it.
/// Every request checks that its session is neither ended nor expired and was opened under the
/// account's current security stamp, so a changed password, "sign out everywhere", a changed role or
/// a deactivation ends it like an explicit end. It keeps a coarse device name, never an address.
/// </summary>
public sealed class StaffSession
{
    public Guid Id { get; set; }

    public Guid UserId { get; set; }

    public StaffSessionKind Kind { get; set; }

    /// <summary>The browser and system, as "Firefox · Linux"; empty when the client did not say.</summary>
    public required string Device { get; set; }

    /// <summary>The account's security stamp when the session opened.</summary>
    public required string Stamp { get; set; }

    public Instant StartedAt { get; set; }

    /// <summary>The last request seen, to within <see cref="StaffSessionRegistry.TouchEvery"/>.</summary>
    public Instant LastSeenAt { get; set; }

    /// <summary>The absolute limit: the cookie's, or the token's lifetime.</summary>
    public Instant ExpiresAt { get; set; }

    public Instant? EndedAt { get; set; }
}
