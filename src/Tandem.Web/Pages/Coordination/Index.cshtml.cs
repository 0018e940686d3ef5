using System.Globalization;
using Microsoft.Extensions.Localization;
using NodaTime;
using Tandem.Core.Requests;

namespace Tandem.Web.Pages.Coordination;

public sealed class QueueModel(CoordinationQueue queue, IStringLocalizer<SharedResource> localizer) : TandemPageModel(localizer)
{
    public IReadOnlyList<QueueItem> Pending { get; private set; } = [];

    public IReadOnlyList<QueueItem> Recent { get; private set; } = [];

    public string Waiting(Duration waiting) =>
        waiting.TotalHours >= 48
            ? L["Queue.Days", (int)waiting.TotalDays]
            : waiting.TotalMinutes >= 60
                ? L["Queue.Hours", ((int)waiting.TotalHours).ToString(CultureInfo.CurrentCulture)]
                : L["Queue.Minutes", Math.Max(0, (int)waiting.TotalMinutes).ToString(CultureInfo.CurrentCulture)];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Pending = await queue.PendingAsync(ct);
        Recent = await queue.RecentlyTriagedAsync(20, ct);
    }
}
