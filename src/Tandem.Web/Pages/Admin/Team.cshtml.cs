using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using NodaTime;
using Tandem.Core.Common;
using Tandem.Core.Security;
using Tandem.Core.Staff;
using Tandem.Web.Authorization;
using Tandem.Web.Hosting;

namespace Tandem.Web.Pages.Admin;

public sealed class TeamModel(StaffDirectory directory, Invitations invitations, PasswordResets resets, IStringLocalizer<SharedResource> localizer) : TandemPageModel(localizer)
{
    public sealed class InviteForm
    {
        public string? DisplayName { get; set; }

        public string? Email { get; set; }

        public string? Role { get; set; } = Roles.Practitioner;
    }

    [BindProperty]
    public InviteForm Invite { get; set; } = new();

    public IReadOnlyList<StaffSummary> Staff { get; private set; } = [];

    public IReadOnlyList<PendingInvitation> Pending { get; private set; } = [];

    public string? IssuedLink { get; private set; }

    /// <summary>Whose new-password link <see cref="IssuedLink"/> is; null for an invitation.</summary>
    public string? IssuedFor { get; private set; }

    public Guid CurrentUserId => StaffClaims.Id(User);

    public string Format(Instant instant) => Display.DateTime(instant);

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public async Task<IActionResult> OnPostInviteAsync(CancellationToken ct)
    {
        var outcome = await invitations.InviteAsync(StaffClaims.Id(User), Invite.DisplayName, Invite.Email, Invite.Role, ct);
        if (outcome.Succeeded)
        {
            IssuedLink = PublicLinks.Invitation(HttpContext, outcome.Value!.Token);
            Invite = new InviteForm();
            ModelState.Clear();
        }
        else
        {
            foreach (var (field, keys) in outcome.Errors)
            {
                foreach (var key in keys)
                {
                    ModelState.AddModelError($"Invite.{char.ToUpperInvariant(field[0])}{field[1..]}", L[key]);
                }
            }
        }

        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostRoleAsync(Guid id, string? role, CancellationToken ct) =>
        await AfterAsync(await directory.ChangeRoleAsync(StaffClaims.Id(User), id, role, ct), ct);

    public async Task<IActionResult> OnPostActiveAsync(Guid id, bool active, CancellationToken ct) =>
        await AfterAsync(await directory.SetActiveAsync(StaffClaims.Id(User), id, active, ct), ct);

    public async Task<IActionResult> OnPostResetAsync(Guid id, CancellationToken ct) =>
        await AfterAsync(await directory.ResetSecondFactorAsync(StaffClaims.Id(User), id, ct), ct);

    /// <summary>A forgotten password: a single-use link for the person, shown once here.</summary>
    public async Task<IActionResult> OnPostPasswordLinkAsync(Guid id, CancellationToken ct)
    {
        var outcome = await resets.IssueAsync(StaffClaims.Id(User), id, ct);
        if (!outcome.Succeeded)
        {
            return NotFound();
        }

        await LoadAsync(ct);
        IssuedLink = PublicLinks.PasswordReset(HttpContext, outcome.Value!.Token);
        IssuedFor = Staff.FirstOrDefault(s => s.Id == id)?.DisplayName;
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(Guid id, CancellationToken ct)
    {
        if (!await invitations.RevokeAsync(StaffClaims.Id(User), id, ct))
        {
            return NotFound();
        }

        TempData["Notice"] = L["Team.Saved"].Value;
        return RedirectToPage();
    }

    private async Task<IActionResult> AfterAsync(Outcome<StaffSummary> outcome, CancellationToken ct)
    {
        if (outcome.Status == OutcomeStatus.NotFound)
        {
            return NotFound();
        }

        if (outcome.Succeeded)
        {
            TempData["Notice"] = L["Team.Saved"].Value;
            return RedirectToPage();
        }

        AddMessages(outcome);

        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Staff = await directory.ListAsync(ct);
        Pending = await invitations.PendingAsync(ct);
    }
}
