using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Tandem.Core.Common;
using Tandem.Core.Requests;
using Tandem.Web.Authorization;

namespace Tandem.Web.Pages.Coordination;

public sealed class CoordinationRequestModel(
    CoordinationQueue queue,
    Tandem.Core.Scheduling.RequestSlots slots,
    Tandem.Core.Scheduling.Booking booking,
    Triage triage,
    RequestConversation conversation,
    IStringLocalizer<SharedResource> localizer) : TandemPageModel(localizer)
{
    public CoordinationRequestView? View { get; private set; }

    public IReadOnlyList<Tandem.Core.Scheduling.AppointmentView> Appointments { get; private set; } = [];

    public SlotPickerModel? Picker { get; private set; }

    /// <summary>The appointment being moved, when the coordination chose "move".</summary>
    [BindProperty(SupportsGet = true, Name = "deplacer")]
    public Guid? Replacing { get; set; }

    [BindProperty]
    public string? Text { get; set; }

    [BindProperty]
    public string? Outcome { get; set; }

    [BindProperty]
    public string? SignpostedTo { get; set; }

    [BindProperty]
    public string? Reason { get; set; }

    public Task<IActionResult> OnGetAsync(Guid requestId, CancellationToken ct) => ShowAsync(requestId, ct);

    public async Task<IActionResult> OnPostMessageAsync(Guid requestId, CancellationToken ct)
    {
        var outcome = await conversation.FromCoordinationAsync(StaffClaims.Id(User), requestId, Text, ct);
        return await AfterAsync(outcome, requestId, ct);
    }

    public async Task<IActionResult> OnPostFrameworkAsync(Guid requestId, bool presented, bool longInterview, CancellationToken ct)
    {
        if (!await triage.RecordFrameworkAsync(StaffClaims.Id(User), requestId, presented, longInterview, ct))
        {
            return NotFound();
        }

        TempData["Notice"] = L["Team.Saved"].Value;
        return RedirectToPage(new { requestId });
    }

    public async Task<IActionResult> OnPostBookAsync(Guid requestId, string? slotId, CancellationToken ct)
    {
        var outcome = Replacing is { } replacing
            ? await booking.RescheduleAsync(replacing, slotId, null, StaffClaims.Id(User), null, ct)
            : await booking.BookAsync(requestId, slotId, null, null, StaffClaims.Id(User), null, ct);
        return await AfterAsync(outcome, requestId, ct);
    }

    public async Task<IActionResult> OnPostCancelAsync(Guid requestId, Guid appointmentId, CancellationToken ct) =>
        await AfterAsync(await booking.CancelAsync(appointmentId, null, StaffClaims.Id(User), ct), requestId, ct);

    public async Task<IActionResult> OnPostKnownAsync(Guid requestId, string? slotId, CancellationToken ct) =>
        await AfterAsync(await slots.ExcludePairAsync(requestId, slotId, null, ct), requestId, ct);

    public async Task<IActionResult> OnPostDecideAsync(Guid requestId, CancellationToken ct)
    {
        var decision = new TriageDecision(Codes.Parse<TriageOutcome>(Outcome), string.IsNullOrEmpty(SignpostedTo) ? null : SignpostedTo, Reason);
        var outcome = await triage.DecideAsync(StaffClaims.Id(User), requestId, decision, ct);
        return await AfterAsync(outcome, requestId, ct);
    }

    private async Task<IActionResult> AfterAsync<T>(Outcome<T> outcome, Guid requestId, CancellationToken ct)
    {
        if (outcome.Status == OutcomeStatus.NotFound)
        {
            return NotFound();
        }

        if (outcome.Succeeded)
        {
            TempData["Notice"] = L["Team.Saved"].Value;
            return RedirectToPage(new { requestId });
        }

        AddErrors(outcome);
        return await ShowAsync(requestId, ct);
    }

    private async Task<IActionResult> ShowAsync(Guid requestId, CancellationToken ct)
    {
        View = await queue.OpenAsync(StaffClaims.Id(User), requestId, ct);
        if (View is null)
        {
            return NotFound();
        }

        Appointments = await booking.ForRequestAsync(requestId, ct);
        // Slots are computed only when one can be booked (or an interview is being moved).
        if (View.Summary.Status == Tandem.Core.Requests.RequestStatus.Accepted
            && (Replacing is not null || Tandem.Core.Scheduling.RequestSlots.NextInterviewOpen(Appointments.Where(a => !a.Cancelled).Select(a => (a.Kind, a.Attendance)))))
        {
            var offered = await slots.OfferAsync(requestId, null, Replacing, ct);
            var moving = Replacing is { } replacing ? $"&deplacer={replacing}" : string.Empty;
            Picker = offered.Succeeded
                ? new SlotPickerModel(offered.Value!.Slots, $"/coordination/demandes/{requestId}?handler=Book{moving}", $"/coordination/demandes/{requestId}?handler=Known{moving}")
                : null;
        }

        return Page();
    }
}
