using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Tandem.Web.Hosting;

/// <summary>
/// Over HTTPS, Tandem's cookies (every name starting <c>tandem-</c>) carry the <c>__Host-</c> prefix browsers
/// enforce (ASVS 3.3.1, 3.3.3): Secure, <c>Path=/</c>, no <c>Domain</c>, so a page on a sibling sub-domain or on
/// plain HTTP can neither set nor shadow them. Inside the app the names stay plain, whatever reads them
/// (authentication, anti-forgery, the language switch): the Cookie header is read back to them on the way in,
/// and each Set-Cookie renamed on the way out. Over HTTPS a <c>tandem-</c> cookie without the prefix, or under
/// <c>__Secure-</c> (which a sibling sub-domain may set), counts for nothing — whoever could set one is not this site.
/// Plain HTTP (a developer's machine) keeps the plain names.
/// </summary>
internal static class CookiePrefixes
{
    public const string Ours = "tandem-";
    public const string Host = "__Host-";

    /// <summary>After the forwarded headers (the scheme a proxy saw) and before anything reads a cookie.</summary>
    public static IApplicationBuilder UseCookiePrefixes(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        if (context.Request.IsHttps)
        {
            ReadBack(context.Request);
            context.Response.OnStarting(static state =>
            {
                Prefix((HttpResponse)state);
                return Task.CompletedTask;
            }, context.Response);
        }

        return next(context);
    });

    /// <summary>
    /// The prefixed cookies of ours under their plain names; plain ones of ours dropped, whatever their case (the
    /// app reads cookie names without regard to case); others as they came. Split by hand rather than parsed, so
    /// that an entry a parser would reject cannot make the whole header pass through unfiltered.
    /// </summary>
    internal static void ReadBack(HttpRequest request)
    {
        var header = request.Headers.Cookie;
        if (StringValues.IsNullOrEmpty(header))
        {
            return;
        }

        var kept = new List<string>();
        foreach (var value in header)
        {
            foreach (var entry in (value ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var equals = entry.IndexOf('=', StringComparison.Ordinal);
                var name = (equals < 0 ? entry : entry[..equals]).Trim();
                var plain = Unprefixed(name);
                if (plain is not null && plain.StartsWith(Ours, StringComparison.Ordinal))
                {
                    kept.Add(plain + (equals < 0 ? string.Empty : entry[equals..]));
                }
                else if (!name.StartsWith(Ours, StringComparison.OrdinalIgnoreCase))
                {
                    kept.Add(entry);
                }
            }
        }

        request.Headers.Cookie = kept.Count == 0 ? StringValues.Empty : new StringValues(string.Join("; ", kept));
    }

    /// <summary>Each Set-Cookie of ours renamed with the prefix, made Secure and pinned to <c>/</c> without a domain.</summary>
    internal static void Prefix(HttpResponse response)
    {
        var values = response.Headers.SetCookie;
        if (values.Count == 0)
        {
            return;
        }

        var rewritten = new string?[values.Count];
        var changed = false;
        for (var i = 0; i < values.Count; i++)
        {
            rewritten[i] = values[i];
            if (SetCookieHeaderValue.TryParse(values[i], out var cookie)
                && cookie.Name.Value is { } name && name.StartsWith(Ours, StringComparison.Ordinal))
            {
                cookie.Name = Host + name;
                cookie.Secure = true;
                cookie.Path = "/";
                cookie.Domain = null;

                rewritten[i] = cookie.ToString();
                changed = true;
            }
        }

        if (changed)
        {
            response.Headers.SetCookie = new StringValues(rewritten);
        }
    }

    private static string? Unprefixed(string name) => name.StartsWith(Host, StringComparison.Ordinal) ? name[Host.Length..] : null;
}
