using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Tandem.Core.Cases;
using Tandem.Core.Common;
using Tandem.Web.Authorization;

namespace Tandem.Web.Pages.Staff;

/// <summary>
/// One case, for its pair only: each interview's record (the six axes, what comes next), the
/// notes, the WHO-5 scores and the referrals. Anyone else gets 404.
/// </summary>
public sealed class CaseModel(CaseFiles cases, CaseNotes notes, Referrals referrals, Danger danger, Tandem.Core.Groups.GroupActivities groups, NodaTime.IClock clock, IStringLocalizer<SharedResource> localizer) : TandemPageModel(localizer)
{
    public CaseView View { get; private set; } = null!;

    public IReadOnlyList<NoteView> Notes { get; private set; } = [];

    public IReadOnlyList<ReferralCandidate> Candidates { get; private set; } = [];

    public NodaTime.Instant Now { get; } = clock.GetCurrentInstant();

    public Task<IActionResult> OnGetAsync(Guid requestId, CancellationToken ct) => ShowAsync(requestId, ct);

    public async Task<IActionResult> OnPostRecordAsync(
        Guid requestId, Guid appointmentId, bool? held, int? durationMinutes, string[]? themes, string? nextStep, string? signpostCategory, CancellationToken ct)
    {
        var axes = RiskFactors.All
            .Select(a => (Axis: a, Level: Codes.Parse<AxisLevel>(Request.Form["axis_" + a])))
            .Where(x => x.Level is not null)
            .ToDictionary(x => x.Axis, x => x.Level!.Value);
        var input = new RecordInput(held, durationMinutes, themes ?? [], axes, Codes.Parse<NextStep>(nextStep), string.IsNullOrEmpty(signpostCategory) ? null : signpostCategory);
        return await AfterAsync(await cases.RecordInterviewAsync(StaffClaims.Id(User), requestId, appointmentId, input, ct), requestId, ct);
    }

    public async Task<IActionResult> OnPostNoteAsync(Guid requestId, string? text, CancellationToken ct) =>
        await AfterAsync(await notes.WriteAsync(StaffClaims.Id(User), requestId, text, ct), requestId, ct);

    public async Task<IActionResult> OnPostReferralAsync(Guid requestId, Guid? toPractitionerId, string? handOver, CancellationToken ct) =>
        await AfterAsync(await referrals.ProposeAsync(StaffClaims.Id(User), requestId, new ReferralInput(toPractitionerId, handOver), ct), requestId, ct);

    public async Task<IActionResult> OnPostConsentAsync(Guid requestId, Guid referralId, bool accepted, CancellationToken ct) =>
        await AfterAsync(await referrals.RecordConsentAsync(StaffClaims.Id(User), requestId, referralId, accepted, ct), requestId, ct);

    public async Task<IActionResult> OnPostProposeGroupsAsync(Guid requestId, CancellationToken ct) =>
        await AfterAsync(await groups.ProposeAsync(StaffClaims.Id(User), requestId, ct), requestId, ct);

    public DangerDeclared? Declared { get; private set; }

    public async Task<IActionResult> OnPostDangerAsync(Guid requestId, string? reason, CancellationToken ct)
    {
        var outcome = await danger.DeclareAsync(StaffClaims.Id(User), requestId, new DangerInput(reason), ct);
        if (outcome.Status == OutcomeStatus.NotFound)
        {
            return NotFound();
        }

        if (!outcome.Succeeded)
        {
            AddMessages(outcome);
        }

        // Shown once, on this answer only: the contact is never kept on a page to come back to.
        Declared = outcome.Value;
        return await ShowAsync(requestId, ct);
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

        AddMessages(outcome);
        return await ShowAsync(requestId, ct);
    }

    private async Task<IActionResult> ShowAsync(Guid requestId, CancellationToken ct)
    {
        if (await cases.FolderAsync(StaffClaims.Id(User), requestId, ct) is not { } folder)
        {
            return NotFound();
        }

        (View, Notes, Candidates) = (folder.Case, folder.Notes, folder.Candidates);
        return Page();
    }
}
