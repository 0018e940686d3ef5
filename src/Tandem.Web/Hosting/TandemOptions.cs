namespace Tandem.Web.Hosting;

/// <summary>The <c>Tandem</c> configuration section (environment: <c>Tandem__Xxx</c>).</summary>
public sealed class TandemOptions
{
    public const string Section = "Tandem";

    /// <summary>Where the embedded database and demo-accounts.json live; default <c>data/</c> under the content root.</summary>
    public string? DataDirectory { get; set; }

    /// <summary>The address people reach the service at, used in printed links; default the first listening address.</summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>
    /// Master key(s) for envelope encryption, base64 of 32 bytes, comma-separated, current first.
    /// Never in the database. Required on PostgreSQL (every instance needs the same).
    /// </summary>
    public string? MasterKey { get; set; }

    /// <summary>A file holding the master key(s), one base64 line each; default <c>master.key</c> in the data directory (SQLite only).</summary>
    public string? MasterKeyFile { get; set; }

    /// <summary>How long an urgent request may wait before the queue highlights it.</summary>
    public TimeSpan UrgentRequestLimit { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Sign-in attempts allowed per client address and minute, counted in memory only.</summary>
    public int SignInRequestsPerMinute { get; set; } = 30;

    /// <summary>Access-code attempts allowed per client address and minute, counted in memory only.</summary>
    public int AccessCodeAttemptsPerMinute { get; set; } = 10;

    /// <summary>
    /// Addresses of reverse proxies whose X-Forwarded-For/-Proto headers are believed
    /// (comma-separated); loopback is always trusted. The client address so learnt is used
    /// in memory for rate limiting only.
    /// </summary>
    public string? TrustedProxies { get; set; }

    public DatabaseSection Database { get; set; } = new();

    public SessionSection Sessions { get; set; } = new();

    public sealed class DatabaseSection
    {
        /// <summary><c>sqlite</c> (default) or <c>postgres</c>; the connection string is <c>ConnectionStrings:Tandem</c>.</summary>
        public string? Provider { get; set; }

        /// <summary>Lets the app reach a PostgreSQL server on another machine without TLS (a network protected otherwise); off by default.</summary>
        public bool AllowPlaintext { get; set; }
    }

    public sealed class SessionSection
    {
        public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(15);

        public TimeSpan AbsoluteTimeout { get; set; } = TimeSpan.FromHours(8);

        /// <summary>Lifetime of an API bearer token for staff.</summary>
        public TimeSpan StaffTokenLifetime { get; set; } = TimeSpan.FromMinutes(15);
    }
}
