using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using NodaTime;
using Tandem.Core.Groups;
using Tandem.Core.Scheduling;
using Tandem.Web.Authorization;

namespace Tandem.Web.Pages.Staff;

/// <summary>
/// One support group or workshop: its sessions and its roster by pseudonym. The coordination plans
/// and cancels sessions; the facilitators record who came.
/// </summary>
public sealed class GroupModel(GroupActivities groups, SchedulingSettings settings, IClock clock, IStringLocalizer<SharedResource> localizer) : TandemPageModel(localizer)
{
    public GroupActivityDetail? Detail { get; private set; }

    public Instant Now { get; } = clock.GetCurrentInstant();

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostSessionsAsync(Guid id, string? start, int? minutes, int? repeat, int? capacity, CancellationToken ct)
    {
        var outcome = await groups.AddSessionsAsync(StaffClaims.Id(User), id, new SessionsInput(FormValues.Instant(start, settings.Zone), minutes, repeat, capacity), ct);
        return await AfterAsync(id, outcome, ct);
    }

    public async Task<IActionResult> OnPostCancelSessionAsync(Guid id, Guid sessionId, CancellationToken ct) =>
        await AfterAsync(id, await groups.CancelSessionAsync(StaffClaims.Id(User), id, sessionId, ct), ct);

    public async Task<IActionResult> OnPostCloseAsync(Guid id, CancellationToken ct) =>
        await AfterAsync(id, await groups.CloseAsync(StaffClaims.Id(User), id, ct), ct);

    public async Task<IActionResult> OnPostAttendanceAsync(Guid id, Guid sessionId, List<Guid>? present, CancellationToken ct) =>
        await AfterAsync(id, await groups.RecordAttendanceAsync(StaffClaims.Id(User), id, sessionId, present ?? [], ct), ct);

    /// <summary>The members a facilitator ticks for a session: a support group's members, or that workshop session's registrations.</summary>
    public IEnumerable<RosterEntry> MembersOf(GroupSessionView session) =>
        Detail!.Roster.Where(r => r.State == EnrolmentState.Confirmed && (r.SessionId is null || r.SessionId == session.SessionId));

    private async Task<IActionResult> AfterAsync<T>(Guid id, Tandem.Core.Common.Outcome<T> outcome, CancellationToken ct)
    {
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
        Detail = await groups.ReadAsync(StaffClaims.Id(User), id, ct);
        return Detail is not null;
    }
}
