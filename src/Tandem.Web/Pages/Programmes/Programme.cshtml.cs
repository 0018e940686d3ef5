using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using NodaTime;
using Tandem.Core.Common;
using Tandem.Core.Programmes;
using Tandem.Core.Scheduling;
using Tandem.Web.Authorization;

namespace Tandem.Web.Pages.Programmes;

/// <summary>
/// A team programme: the coordination manages participants and sessions; the facilitator records
/// acceptances, attendance, the regulation's plan and the syntheses; the institution's contacts
/// read the published syntheses. What each one may do is decided by the handler, not this page.
/// </summary>
public sealed class ProgrammeModel(TeamProgrammes programmes, SchedulingSettings settings, IClock clock, IStringLocalizer<SharedResource> localizer) : TandemPageModel(localizer)
{
    public ProgrammeView View { get; private set; } = null!;

    public Instant Now { get; } = clock.GetCurrentInstant();

    public string RulesLink(string token) => Hosting.PublicLinks.ProgrammeRules(HttpContext, token);

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostParticipantAsync(Guid id, string? name, CancellationToken ct) =>
        await AfterAsync(id, await programmes.AddParticipantAsync(StaffClaims.Id(User), id, name, ct), ct);

    public async Task<IActionResult> OnPostRemoveParticipantAsync(Guid id, Guid participantId, CancellationToken ct) =>
        await AfterAsync(id, await programmes.RemoveParticipantAsync(StaffClaims.Id(User), id, participantId, ct), ct);

    public async Task<IActionResult> OnPostAcceptanceAsync(Guid id, Guid participantId, CancellationToken ct) =>
        await AfterAsync(id, await programmes.RecordAcceptanceAsync(StaffClaims.Id(User), id, participantId, ct), ct);

    public async Task<IActionResult> OnPostSessionAsync(Guid id, string? start, int? minutes, CancellationToken ct) =>
        await AfterAsync(id, await programmes.PlanSessionAsync(StaffClaims.Id(User), id, FormValues.Instant(start, settings.Zone), minutes, ct), ct);

    public async Task<IActionResult> OnPostCancelSessionAsync(Guid id, Guid sessionId, CancellationToken ct) =>
        await AfterAsync(id, await programmes.CancelSessionAsync(StaffClaims.Id(User), id, sessionId, ct), ct);

    public async Task<IActionResult> OnPostAttendanceAsync(Guid id, Guid sessionId, List<Guid>? present, int? minutes, CancellationToken ct) =>
        await AfterAsync(id, await programmes.RecordSessionAsync(StaffClaims.Id(User), id, sessionId, present ?? [], minutes, ct), ct);

    public async Task<IActionResult> OnPostPlanAsync(Guid id, string? agreedOn, string? plan, CancellationToken ct) =>
        await AfterAsync(id, await programmes.AgreePlanAsync(StaffClaims.Id(User), id, FormValues.Date(agreedOn), plan, ct), ct);

    public async Task<IActionResult> OnPostSynthesisAsync(Guid id, Guid sessionId, string? themes, string? actionPlans, string? decisions, CancellationToken ct) =>
        await AfterAsync(id, await programmes.WriteSynthesisAsync(StaffClaims.Id(User), id, sessionId, new SynthesisInput(themes, actionPlans, decisions), ct), ct);

    public async Task<IActionResult> OnPostPublishAsync(Guid id, Guid sessionId, bool confirmNoName, CancellationToken ct) =>
        await AfterAsync(id, await programmes.PublishSynthesisAsync(StaffClaims.Id(User), id, sessionId, confirmNoName, ct), ct);

    private async Task<IActionResult> AfterAsync<T>(Guid id, Outcome<T> outcome, CancellationToken ct)
    {
        if (outcome.Status == OutcomeStatus.NotFound)
        {
            return NotFound();
        }

        if (outcome.Succeeded)
        {
            TempData["Notice"] = L["Team.Saved"].Value;
            return RedirectToPage(new { id });
        }

        AddMessages(outcome);
        return await LoadAsync(id, ct) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        View = (await programmes.ReadAsync(StaffClaims.Id(User), id, ct))!;
        return View is not null;
    }
}
