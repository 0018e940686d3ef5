using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using NodaTime;
using Tandem.Core.Scheduling;
using Tandem.Web.Api;
using Tandem.Web.Authorization;

namespace Tandem.Web.Pages.Staff;

/// <summary>A practitioner's agenda by week or day, the record of whether each interview was held, and the private calendar feed.</summary>
public sealed class AppointmentsModel(Booking booking, CalendarFeeds feeds, SchedulingSettings settings, IClock clock, IStringLocalizer<SharedResource> localizer) : TandemPageModel(localizer)
{
    [BindProperty(SupportsGet = true, Name = "vue")]
    public string? View { get; set; }

    [BindProperty(SupportsGet = true, Name = "date")]
    public string? Date { get; set; }

    public AgendaPeriod Period { get; private set; } = null!;

    public IReadOnlyList<AppointmentView> Appointments { get; private set; } = [];

    public bool HasFeed { get; private set; }

    public Instant Now { get; } = clock.GetCurrentInstant();

    public async Task OnGetAsync(CancellationToken ct)
    {
        var period = AgendaPeriod.Parse(View, Date, clock, settings.Zone);
        if (!period.Succeeded)
        {
            AddMessages(period);
            period = AgendaPeriod.Parse(null, null, clock, settings.Zone);
        }

        Period = period.Value!;
        Appointments = await booking.AgendaAsync(StaffClaims.Id(User), Period, ct);
        HasFeed = await feeds.HasFeedAsync(StaffClaims.Id(User), ct);
    }

    public async Task<IActionResult> OnPostAttendanceAsync(Guid appointmentId, bool held, CancellationToken ct)
    {
        var outcome = await booking.RecordAttendanceAsync(appointmentId, StaffClaims.Id(User), held, ct);
        if (outcome.Status == Core.Common.OutcomeStatus.NotFound)
        {
            return NotFound();
        }

        if (outcome.Succeeded)
        {
            TempData["Notice"] = L["Team.Saved"].Value;
            return RedirectToPage(new { vue = View, date = Date });
        }

        AddErrors(outcome);
        await OnGetAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostFeedAsync(CancellationToken ct)
    {
        if (await feeds.CreateAsync(StaffClaims.Id(User), ct) is not { } token)
        {
            TempData["Notice"] = L["Feed.NeedsProfile"].Value;
            return RedirectToPage();
        }

        TempData["FeedUrl"] = AgendaEndpoints.FeedUrl(HttpContext, token);
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostRevokeFeedAsync(CancellationToken ct)
    {
        await feeds.RevokeAsync(StaffClaims.Id(User), ct);
        TempData["Notice"] = L["Feed.Revoked"].Value;
        return RedirectToPage();
    }
}
