using NodaTime;
using NodaTime.Text;

namespace Tandem.Web.Tests.Support;

/// <summary>
/// Where the tests' fake clocks start: now, or the instant in <c>TANDEM_TEST_START</c> (for example
/// <c>2026-12-31T22:50:00Z</c>, ten minutes before midnight in Paris on the last day of a year), to run the
/// suite across a day's, a month's or a year's edge on purpose rather than when the calendar happens to.
/// </summary>
public static class TestClock
{
    public static Instant Start()
    {
        var start = Environment.GetEnvironmentVariable("TANDEM_TEST_START");
        if (string.IsNullOrWhiteSpace(start))
        {
            return SystemClock.Instance.GetCurrentInstant();
        }

        var parsed = InstantPattern.ExtendedIso.Parse(start.Trim());
        return parsed.Success ? parsed.Value : throw new InvalidOperationException($"TANDEM_TEST_START is not an instant such as 2026-12-31T22:50:00Z: {start}");
    }
}
