using Microsoft.Extensions.Options;

namespace Tandem.Web.Hosting;

/// <summary>Absolute links printed or handed to people: the configured public address, else the request's own.</summary>
internal static class PublicLinks
{
    public static string Invitation(HttpContext http, string token) => $"{BaseUrl(http)}/invitation/{token}";

    public static string PasswordReset(HttpContext http, string token) => $"{BaseUrl(http)}/nouveau-mot-de-passe/{token}";

    public static string ProgrammeRules(HttpContext http, string token) => $"{BaseUrl(http)}/regles/{token}";

    public static string Setup(string baseUrl, string token) => $"{baseUrl.TrimEnd('/')}/installation/{token}";

    /// <summary>The service's origin (scheme, host and port), as a browser names it.</summary>
    public static string Origin(HttpContext http) =>
        Configured(http) is { } configured
            ? new Uri(configured).GetLeftPart(UriPartial.Authority)
            : $"{http.Request.Scheme}://{http.Request.Host}";

    public static string BaseUrl(HttpContext http) =>
        Configured(http) is { } configured
            ? configured.TrimEnd('/')
            : $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}";

    private static string? Configured(HttpContext http) =>
        http.RequestServices.GetRequiredService<IOptions<TandemOptions>>().Value.PublicBaseUrl is { } url && !string.IsNullOrWhiteSpace(url) ? url : null;
}
