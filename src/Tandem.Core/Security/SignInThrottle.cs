using NodaTime;

namespace Tandem.Core.Security;

/// <summary>Something whose sign-ins are throttled: a staff account, a beneficiary space.</summary>
public interface IThrottledSignIn
{
    int FailedSignIns { get; set; }

    Instant? SignInBlockedUntil { get; set; }
}

/// <summary>
/// Per-account throttling of failed sign-ins: the first few failures cost nothing, then
/// each one blocks that account for a delay that doubles, up to an hour. Only the
/// account under attack waits; nobody else is locked out.
/// </summary>
public static class SignInThrottle
{
    public const int FreeFailures = 5;
    private static readonly Duration MaxDelay = Duration.FromHours(1);

    public static bool IsBlocked(IThrottledSignIn user, Instant now) => user.SignInBlockedUntil is { } until && now < until;

    public static void RecordFailure(IThrottledSignIn user, Instant now)
    {
        user.FailedSignIns++;
        if (user.FailedSignIns >= FreeFailures)
        {
            var exponent = Math.Min(user.FailedSignIns - FreeFailures, 10);
            var delay = Duration.FromSeconds(30 * Math.Pow(2, exponent));
            user.SignInBlockedUntil = now + (delay > MaxDelay ? MaxDelay : delay);
        }
    }

    public static void RecordSuccess(IThrottledSignIn user)
    {
        user.FailedSignIns = 0;
        user.SignInBlockedUntil = null;
    }
}
