using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using NodaTime;
using Tandem.Core.Practitioners;
using Tandem.Core.Scheduling;

namespace Tandem.Web.Pages.Coordination;

/// <summary>Everyone's interviews by week or day, optionally one practitioner's: the coordination books and follows up from it.</summary>
public sealed class AgendaModel(Booking booking, PractitionerProfiles profiles, SchedulingSettings settings, IClock clock, IStringLocalizer<SharedResource> localizer) : TandemPageModel(localizer)
{
    [BindProperty(SupportsGet = true, Name = "vue")]
    public string? View { get; set; }

    [BindProperty(SupportsGet = true, Name = "date")]
    public string? Date { get; set; }

    [BindProperty(SupportsGet = true, Name = "praticien")]
    public Guid? PractitionerId { get; set; }

    public AgendaPeriod Period { get; private set; } = null!;

    public IReadOnlyList<AppointmentView> Appointments { get; private set; } = [];

    public IReadOnlyList<ProfileView> Practitioners { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var period = AgendaPeriod.Parse(View, Date, clock, settings.Zone);
        if (!period.Succeeded)
        {
            AddMessages(period);
            period = AgendaPeriod.Parse(null, null, clock, settings.Zone);
        }

        Period = period.Value!;
        Practitioners = await profiles.PublicListAsync(ct);
        Appointments = await booking.EveryoneAsync(Period, PractitionerId, ct);
    }
}
