using NodaTime;

namespace Tandem.Web.Hosting;

/// <summary>Lets ASP.NET Core (cookies, tokens) read the same injected NodaTime clock as the domain.</summary>
internal sealed class ClockTimeProvider(IClock clock) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => clock.GetCurrentInstant().ToDateTimeOffset();
}
