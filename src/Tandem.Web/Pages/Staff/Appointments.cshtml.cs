using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using NodaTime;
using Tandem.Core.Scheduling;
using Tandem.Web.Authorization;

namespace Tandem.Web.Pages.Staff;

/// <summary>A practitioner's interviews, and the record of whether each was held.</summary>
public sealed class AppointmentsModel(Booking booking, IClock clock, IStringLocalizer<SharedResource> localizer) : TandemPageModel(localizer)
{
    public IReadOnlyList<AppointmentView> Appointments { get; private set; } = [];

    public Instant Now { get; } = clock.GetCurrentInstant();

    public async Task OnGetAsync(CancellationToken ct) => Appointments = await booking.ForPractitionerAsync(StaffClaims.Id(User), ct);

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
            return RedirectToPage();
        }

        AddErrors(outcome);
        await OnGetAsync(ct);
        return Page();
    }
}
