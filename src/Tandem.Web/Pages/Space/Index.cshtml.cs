using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Tandem.Core.Requests;
using Tandem.Web.Authorization;

namespace Tandem.Web.Pages.Space;

public sealed class SpaceModel(
    BeneficiaryAccess access,
    RequestConversation conversation,
    Tandem.Core.Scheduling.Booking booking,
    Tandem.Core.Cases.Referrals referrals,
    Tandem.Core.Cases.Wellbeing wellbeing,
    Tandem.Core.Groups.GroupEnrolments groups,
    Tandem.Core.Scheduling.SchedulingSettings settings,
    NodaTime.IClock clock,
    IStringLocalizer<SharedResource> localizer)
    : TandemPageModel(localizer)
{
    /// <summary>The person may move an interview not yet held up to the cancellation notice.</summary>
    public bool CanMove(Tandem.Core.Scheduling.AppointmentView a) =>
        a.Attendance == Tandem.Core.Scheduling.Attendance.Pending && a.Start - Now >= NodaTime.Duration.FromHours(settings.CancellationNoticeHours);

    public SpaceView? View { get; private set; }

    public IReadOnlyList<Tandem.Core.Scheduling.AppointmentView> Appointments { get; private set; } = [];

    public NodaTime.Instant Now { get; } = clock.GetCurrentInstant();

    [BindProperty]
    public string? ContactKind { get; set; }

    [BindProperty]
    public string? ContactValue { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        View = await access.ReadAsync(BeneficiarySessions.Session(User), ct);
        if (View is null)
        {
            return NotFound();
        }

        Appointments = await booking.ForSpaceAsync(View.SpaceId, ct);
        Referrals = await referrals.ForSpaceAsync(View.SpaceId, ct);
        Questionnaires = await wellbeing.OffersAsync(View.SpaceId, ct);
        Groups = await groups.SummaryAsync(View.SpaceId, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostContactAsync(CancellationToken ct)
    {
        var outcome = await access.SetContactAsync(BeneficiarySessions.SpaceId(User), Codes.Parse<ContactKind>(ContactKind), ContactValue, ct);
        if (outcome.Succeeded)
        {
            return RedirectToPage();
        }

        foreach (var (field, keys) in outcome.Errors)
        {
            foreach (var key in keys)
            {
                ModelState.AddModelError(field == "kind" ? nameof(ContactKind) : nameof(ContactValue), L[key]);
            }
        }

        return await OnGetAsync(ct);
    }

    public async Task<IActionResult> OnPostRemoveContactAsync(CancellationToken ct)
    {
        await access.RemoveContactAsync(BeneficiarySessions.SpaceId(User), ct);
        return RedirectToPage();
    }

    public IReadOnlyList<Tandem.Core.Cases.ReferralOffer> Referrals { get; private set; } = [];

    public IReadOnlyList<Tandem.Core.Cases.Who5Offer> Questionnaires { get; private set; } = [];

    public Tandem.Core.Groups.GroupsSummary Groups { get; private set; } = new(false, []);

    public async Task<IActionResult> OnPostReferralAsync(Guid referralId, bool accepted, CancellationToken ct)
    {
        var outcome = await referrals.AnswerAsync(BeneficiarySessions.SpaceId(User), referralId, accepted, ct);
        if (outcome.Status == Tandem.Core.Common.OutcomeStatus.NotFound)
        {
            return NotFound();
        }

        if (outcome.Succeeded)
        {
            TempData["Notice"] = L[accepted ? "Referral.YouAccepted" : "Referral.YouRefused"].Value;
            return RedirectToPage();
        }

        AddMessages(outcome);
        return await OnGetAsync(ct);
    }

    public async Task<IActionResult> OnPostCancelAsync(Guid appointmentId, CancellationToken ct)
    {
        var outcome = await booking.CancelAsync(appointmentId, BeneficiarySessions.SpaceId(User), null, ct);
        if (outcome.Succeeded)
        {
            TempData["Notice"] = L["Space.Cancelled"].Value;
            return RedirectToPage();
        }

        AddErrors(outcome);
        return await OnGetAsync(ct);
    }

    public async Task<IActionResult> OnPostReplyAsync(Guid requestId, string? text, CancellationToken ct)
    {
        var outcome = await conversation.FromPersonAsync(BeneficiarySessions.SpaceId(User), requestId, text, ct);
        if (outcome.Succeeded)
        {
            return RedirectToPage();
        }

        AddErrors(outcome);
        return await OnGetAsync(ct);
    }
}
