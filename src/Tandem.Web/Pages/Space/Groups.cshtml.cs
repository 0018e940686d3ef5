using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Tandem.Core.Groups;
using Tandem.Web.Authorization;

namespace Tandem.Web.Pages.Space;

/// <summary>The support groups and workshops open to the person: join, register, wait, leave — under a pseudonym.</summary>
public sealed class GroupsModel(GroupEnrolments enrolments, IStringLocalizer<SharedResource> localizer) : TandemPageModel(localizer)
{
    public SpaceGroups Groups { get; private set; } = new(false, []);

    public async Task OnGetAsync(CancellationToken ct) => Groups = await enrolments.ForSpaceAsync(BeneficiarySessions.SpaceId(User), ct);

    public async Task<IActionResult> OnPostJoinAsync(Guid activityId, Guid? sessionId, string? pseudonym, CancellationToken ct)
    {
        var outcome = await enrolments.JoinAsync(BeneficiarySessions.SpaceId(User), activityId, sessionId, pseudonym, ct);
        if (outcome.Succeeded)
        {
            var result = outcome.Value.Result;
            TempData["Notice"] = result.State == EnrolmentState.Confirmed ? L["Groups.Joined"].Value : L["Groups.Queued", result.WaitingPosition ?? 1].Value;
            return RedirectToPage();
        }

        AddMessages(outcome);
        await OnGetAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostLeaveAsync(Guid enrolmentId, CancellationToken ct)
    {
        var outcome = await enrolments.LeaveAsync(BeneficiarySessions.SpaceId(User), enrolmentId, ct);
        if (outcome.Succeeded)
        {
            TempData["Notice"] = L["Groups.Left"].Value;
            return RedirectToPage();
        }

        AddMessages(outcome);
        await OnGetAsync(ct);
        return Page();
    }
}
