namespace Tandem.Web.Authorization;

/// <summary>
/// A coarse name for the device of a staff session, read from its User-Agent: the browser's family
/// and the system's, as "Firefox · Linux", enough for a person to recognise their own computer in
/// the list of their sessions and no more (no version, no address).
/// </summary>
internal static class DeviceName
{
    private const int MaxClientName = 32;

    public static string Of(string? userAgent)
    {
        if (string.IsNullOrWhiteSpace(userAgent))
        {
            return string.Empty;
        }

        var browser = Browser(userAgent);
        var system = System(userAgent);
        return system is null ? browser : $"{browser} · {system}";
    }

    private static string Browser(string ua) =>
        ua.Contains("Edg/", StringComparison.Ordinal) ? "Edge"
        : ua.Contains("OPR/", StringComparison.Ordinal) ? "Opera"
        : ua.Contains("Firefox/", StringComparison.Ordinal) ? "Firefox"
        : ua.Contains("Chromium/", StringComparison.Ordinal) ? "Chromium"
        : ua.Contains("Chrome/", StringComparison.Ordinal) ? "Chrome"
        : ua.Contains("Safari/", StringComparison.Ordinal) && ua.Contains("Version/", StringComparison.Ordinal) ? "Safari"
        : ClientName(ua);

    private static string? System(string ua) =>
        ua.Contains("Android", StringComparison.Ordinal) ? "Android"
        : ua.Contains("iPhone", StringComparison.Ordinal) || ua.Contains("iPad", StringComparison.Ordinal) ? "iOS"
        : ua.Contains("Windows", StringComparison.Ordinal) ? "Windows"
        : ua.Contains("Macintosh", StringComparison.Ordinal) || ua.Contains("Mac OS X", StringComparison.Ordinal) ? "macOS"
        : ua.Contains("CrOS", StringComparison.Ordinal) ? "ChromeOS"
        : ua.Contains("Linux", StringComparison.Ordinal) ? "Linux"
        : null;

    /// <summary>A program's own name, as "curl" in "curl/8.5.0": letters, digits, dots, dashes and underscores only.</summary>
    private static string ClientName(string ua)
    {
        var name = new string(ua.TakeWhile(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_').Take(MaxClientName).ToArray());
        return name.Length == 0 ? "?" : name;
    }
}
