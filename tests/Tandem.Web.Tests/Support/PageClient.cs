using System.Net;
using System.Text.RegularExpressions;

namespace Tandem.Web.Tests.Support;

/// <summary>A browser without JavaScript: keeps cookies, reads the anti-forgery token of the last page, posts forms.</summary>
public sealed partial class PageClient(HttpClient http, CookieContainer cookies) : IDisposable
{
    public CookieContainer Cookies { get; } = cookies;

    public HttpClient Http { get; } = http;

    public string LastHtml { get; private set; } = string.Empty;

    public async Task<HttpResponseMessage> GetAsync(string path)
    {
        var response = await Http.GetAsync(new Uri(path, UriKind.Relative));
        LastHtml = await response.Content.ReadAsStringAsync();
        return response;
    }

    /// <summary>Posts a form the way the page would, with the anti-forgery token of the last page fetched.</summary>
    public async Task<HttpResponseMessage> PostFormAsync(string path, IDictionary<string, string?> fields)
    {
        var values = fields.Where(kv => kv.Value is not null).ToDictionary(kv => kv.Key, kv => kv.Value!);
        if (AntiforgeryToken(LastHtml) is { } token)
        {
            values["__af"] = token;
        }

        var response = await Http.PostAsync(new Uri(path, UriKind.Relative), new FormUrlEncodedContent(values));
        LastHtml = await response.Content.ReadAsStringAsync();
        return response;
    }

    /// <summary>Follows a redirect answer with a GET, as a browser would.</summary>
    public async Task<HttpResponseMessage> FollowAsync(HttpResponseMessage response)
    {
        while (response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther)
        {
            response = await GetAsync(response.Headers.Location!.OriginalString);
        }

        return response;
    }

    public static string? AntiforgeryToken(string html) =>
        AntiforgeryPattern().Match(html) is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value) : null;

    public void Dispose() => Http.Dispose();

    [GeneratedRegex("name=\"__af\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryPattern();
}
