using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Tandem.Core.Common;
using Tandem.Core.Scheduling;
using Tandem.Web.Authorization;

namespace Tandem.Web.Pages.Space;

/// <summary>The person chooses the next interview among the offered slots, or moves one (<c>?deplacer=</c>).</summary>
public sealed class SlotsModel(RequestSlots slots, Booking booking, IStringLocalizer<SharedResource> localizer) : TandemPageModel(localizer)
{
    public SlotPickerModel Picker { get; private set; } = new([], string.Empty, string.Empty);

    public AppointmentKind Kind { get; private set; }

    public bool AsksCallback { get; private set; }

    [BindProperty(SupportsGet = true, Name = "deplacer")]
    public Guid? Replacing { get; set; }

    public Task<IActionResult> OnGetAsync(Guid requestId, CancellationToken ct) => ShowAsync(requestId, ct);

    public async Task<IActionResult> OnPostAsync(Guid requestId, string? slotId, string? callbackNumber, CancellationToken ct)
    {
        var outcome = Replacing is { } replacing
            ? await booking.RescheduleAsync(replacing, slotId, BeneficiarySessions.SpaceId(User), null, callbackNumber, ct)
            : await booking.BookAsync(requestId, slotId, null, BeneficiarySessions.SpaceId(User), null, callbackNumber, ct);
        if (outcome.Status == OutcomeStatus.NotFound)
        {
            return NotFound();
        }

        if (outcome.Succeeded)
        {
            TempData["Notice"] = L[Replacing is null ? "Slots.Booked" : "Slots.Moved"].Value;
            return LocalRedirect(AuthSchemes.SpacePath);
        }

        AddMessages(outcome);

        return await ShowAsync(requestId, ct);
    }

    public async Task<IActionResult> OnPostKnownAsync(Guid requestId, string? slotId, CancellationToken ct)
    {
        var outcome = await slots.ExcludePairAsync(requestId, slotId, BeneficiarySessions.SpaceId(User), ct);
        if (outcome.Status == OutcomeStatus.NotFound)
        {
            return NotFound();
        }

        if (!outcome.Succeeded)
        {
            ModelState.AddModelError(string.Empty, L["Slots.ChooseOne"]);
            return await ShowAsync(requestId, ct);
        }

        TempData["Notice"] = L["Slots.KnownDone"].Value;
        return RedirectToPage(new { requestId, deplacer = Replacing });
    }

    private async Task<IActionResult> ShowAsync(Guid requestId, CancellationToken ct)
    {
        var offered = await slots.OfferAsync(requestId, BeneficiarySessions.SpaceId(User), Replacing, ct);
        if (offered.Status == OutcomeStatus.NotFound)
        {
            return NotFound();
        }

        if (offered.Status == OutcomeStatus.Conflict)
        {
            return LocalRedirect(AuthSchemes.SpacePath);
        }

        Kind = offered.Value!.Kind;
        AsksCallback = offered.Value.Slots.Any(s => s.Modality == Tandem.Core.Requests.Modality.Phone);
        var action = $"{AuthSchemes.SpacePath}/creneaux/{requestId}" + (Replacing is { } moving ? $"?deplacer={moving}" : string.Empty);
        Picker = new SlotPickerModel(offered.Value.Slots, action, action + (Replacing is null ? "?" : "&") + "handler=Known", AsksCallback);
        return Page();
    }
}
