using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Tandem.Core.Groups;
using Tandem.Core.Practitioners;
using Tandem.Core.Security;
using Tandem.Web.Authorization;

namespace Tandem.Web.Pages.Staff;

/// <summary>Support groups and workshops: the coordination's list and set-up form; a facilitator's own groups.</summary>
public sealed class GroupsModel(GroupActivities groups, PractitionerProfiles profiles, NodaTime.IClock clock, IStringLocalizer<SharedResource> localizer) : TandemPageModel(localizer)
{
    public IReadOnlyList<GroupActivityView> Activities { get; private set; } = [];

    public IReadOnlyList<ProfileView> Practitioners { get; private set; } = [];

    public NodaTime.Instant Now { get; } = clock.GetCurrentInstant();

    /// <summary>Whether to show the set-up form; the handler decides who may set a group up.</summary>
    public bool MayManage => User.IsInRole(Roles.Coordinator) || User.IsInRole(Roles.Administrator);

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public async Task<IActionResult> OnPostCreateAsync(
        string? kind, string? title, string? theme, string? description, Guid? firstFacilitator, Guid? secondFacilitator,
        string? modality, string? place, string? access, int? capacity, CancellationToken ct)
    {
        var facilitators = new[] { firstFacilitator, secondFacilitator }.OfType<Guid>().ToList();
        var outcome = await groups.CreateAsync(StaffClaims.Id(User), new ActivityInput(
            Codes.Parse<ActivityKind>(kind), title, theme, description, facilitators, Codes.Parse<Tandem.Core.Requests.Modality>(modality), place, access, capacity), ct);
        if (outcome.Succeeded)
        {
            return RedirectToPage("/Staff/Group", new { id = outcome.Value });
        }

        if (outcome.Status == Tandem.Core.Common.OutcomeStatus.NotFound)
        {
            return NotFound();
        }

        AddMessages(outcome);
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Activities = await groups.ListAsync(StaffClaims.Id(User), ct);
        Practitioners = MayManage ? await profiles.PublicListAsync(ct) : [];
    }
}
