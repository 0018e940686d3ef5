using Microsoft.AspNetCore.DataProtection;

namespace Tandem.Web.Authorization;

/// <summary>
/// Remembers, for five minutes, whose password was just checked, so the next page can ask
/// for the second factor. The cookie is encrypted and authenticated by Data Protection.
/// </summary>
public sealed class PendingSignIn(IDataProtectionProvider protection, TimeProvider time)
{
    private const string CookieName = "tandem-pending";
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);
    private readonly ITimeLimitedDataProtector _protector =
        protection.CreateProtector("Tandem.PendingSignIn").ToTimeLimitedDataProtector();

    public void Remember(HttpContext context, Guid userId)
    {
        var value = _protector.Protect(userId.ToString(), time.GetUtcNow() + Lifetime);
        context.Response.Cookies.Append(CookieName, value, new CookieOptions
        {
            HttpOnly = true,
            Secure = context.Request.IsHttps,
            SameSite = SameSiteMode.Strict,
            Path = "/",
            MaxAge = Lifetime,
            IsEssential = true,
        });
    }

    public Guid? Read(HttpContext context)
    {
        if (!context.Request.Cookies.TryGetValue(CookieName, out var value) || string.IsNullOrEmpty(value))
        {
            return null;
        }

        try
        {
            var text = _protector.Unprotect(value, out var expiration);
            return expiration > time.GetUtcNow() && Guid.TryParse(text, out var id) ? id : null;
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }

    public static void Forget(HttpContext context) =>
        context.Response.Cookies.Delete(CookieName, new CookieOptions { Path = "/" });
}
