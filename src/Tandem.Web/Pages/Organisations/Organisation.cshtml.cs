using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using NodaTime;
using NodaTime.Text;
using Tandem.Core.Common;
using Tandem.Core.Organisations;
using Tandem.Core.Security;
using Tandem.Web.Authorization;

namespace Tandem.Web.Pages.Organisations;

/// <summary>
/// One organisation: read by its contacts, the coordination and administrators (anyone else 404);
/// administrators set it up, the coordination records onboarding steps too.
/// </summary>
public sealed class OrganisationModel(Tandem.Core.Organisations.Organisations organisations, Tandem.Core.Programmes.TeamProgrammes programmes, IStringLocalizer<SharedResource> localizer) : TandemPageModel(localizer)
{
    public OrganisationView View { get; private set; } = null!;

    public IReadOnlyList<ContactView> Unattached { get; private set; } = [];

    public IReadOnlyList<Tandem.Core.Programmes.ProgrammeSummary> Programmes { get; private set; } = [];

    public bool IsAdministrator => User.IsInRole(Roles.Administrator);

    public bool MayRecordSteps => IsAdministrator || User.IsInRole(Roles.Coordinator);

    public Task<IActionResult> OnGetAsync(Guid orgId, CancellationToken ct) => ShowAsync(orgId, ct);

    public async Task<IActionResult> OnPostUnitAsync(Guid orgId, string? kind, string? name, int? headcount, CancellationToken ct) =>
        IsAdministrator ? await AfterAsync(await organisations.AddUnitAsync(StaffClaims.Id(User), orgId, new UnitInput(Codes.Parse<UnitKind>(kind), name, headcount), ct), orgId, ct) : NotFound();

    public async Task<IActionResult> OnPostUpdateUnitAsync(Guid orgId, Guid unitId, string? name, int? headcount, CancellationToken ct) =>
        IsAdministrator ? await AfterAsync(await organisations.UpdateUnitAsync(StaffClaims.Id(User), orgId, unitId, new UnitInput(null, name, headcount), ct), orgId, ct) : NotFound();

    public async Task<IActionResult> OnPostMergeAsync(Guid orgId, Guid unitId, Guid? intoId, CancellationToken ct) =>
        IsAdministrator ? await AfterAsync(await organisations.MergeUnitsAsync(StaffClaims.Id(User), orgId, unitId, intoId, ct), orgId, ct) : NotFound();

    public async Task<IActionResult> OnPostAgreementAsync(
        Guid orgId, string? start, string? end, bool listeningLine, bool interviews, bool groups, bool teamProgrammes, string? prices, string? billingAddress, CancellationToken ct) =>
        IsAdministrator
            ? await AfterAsync(await organisations.SetAgreementAsync(StaffClaims.Id(User), orgId, new AgreementInput(FormValues.Date(start), FormValues.Date(end), listeningLine, interviews, groups, teamProgrammes, prices, billingAddress), ct), orgId, ct)
            : NotFound();

    public async Task<IActionResult> OnPostContactAsync(Guid orgId, Guid staffId, bool attach, CancellationToken ct) =>
        IsAdministrator ? await AfterAsync(await organisations.SetContactAsync(StaffClaims.Id(User), orgId, staffId, attach, ct), orgId, ct) : NotFound();

    public async Task<IActionResult> OnPostStepAsync(Guid orgId, string? kind, string? date, string? attendees, string? note, int? minimumCell, string[]? tables, CancellationToken ct) =>
        MayRecordSteps
            ? await AfterAsync(await organisations.RecordStepAsync(StaffClaims.Id(User), orgId, new StepInput(Codes.Parse<OnboardingStepKind>(kind), FormValues.Date(date), attendees, note, minimumCell, tables ?? []), ct), orgId, ct)
            : NotFound();

    private async Task<IActionResult> AfterAsync<T>(Outcome<T> outcome, Guid orgId, CancellationToken ct)
    {
        if (outcome.Status == OutcomeStatus.NotFound)
        {
            return NotFound();
        }

        if (outcome.Succeeded)
        {
            TempData["Notice"] = L["Team.Saved"].Value;
            return RedirectToPage(new { orgId });
        }

        AddMessages(outcome);
        return await ShowAsync(orgId, ct);
    }

    private async Task<IActionResult> ShowAsync(Guid orgId, CancellationToken ct)
    {
        if (await organisations.ReadAsync(StaffClaims.Id(User), orgId, ct) is not { } view)
        {
            return NotFound();
        }

        View = view;
        Unattached = IsAdministrator ? await organisations.UnattachedContactsAsync(ct) : [];
        Programmes = await programmes.ListAsync(StaffClaims.Id(User), orgId, ct) ?? [];
        return Page();
    }
}
