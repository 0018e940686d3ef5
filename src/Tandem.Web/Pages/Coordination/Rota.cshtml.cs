using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using NodaTime;
using Tandem.Core.Hotline;
using Tandem.Core.Practitioners;
using Tandem.Core.Scheduling;
using Tandem.Web.Authorization;

namespace Tandem.Web.Pages.Coordination;

/// <summary>The listening line's on-call rota, kept by the coordination.</summary>
public sealed class RotaModel(Listening listening, PractitionerProfiles profiles, SchedulingSettings settings, IClock clock, IStringLocalizer<SharedResource> localizer) : TandemPageModel(localizer)
{
    public IReadOnlyList<ShiftView> Rota { get; private set; } = [];

    public IReadOnlyList<ProfileView> Practitioners { get; private set; } = [];

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public async Task<IActionResult> OnPostAddAsync(Guid? practitionerId, string? start, string? end, CancellationToken ct)
    {
        var outcome = await listening.AddShiftAsync(StaffClaims.Id(User), new ShiftInput(practitionerId,
            FormValues.Instant(start, settings.Zone), FormValues.Instant(end, settings.Zone)), ct);
        if (outcome.Succeeded)
        {
            TempData["Notice"] = L["Team.Saved"].Value;
            return RedirectToPage();
        }

        AddMessages(outcome);
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostRemoveAsync(Guid shiftId, CancellationToken ct)
    {
        await listening.RemoveShiftAsync(StaffClaims.Id(User), shiftId, ct);
        return RedirectToPage();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var now = clock.GetCurrentInstant();
        Rota = await listening.RotaAsync(now - Duration.FromDays(1), now + Duration.FromDays(35), ct);
        Practitioners = await profiles.PublicListAsync(ct);
    }
}
