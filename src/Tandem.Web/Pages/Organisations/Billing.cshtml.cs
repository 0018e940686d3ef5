using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using NodaTime;
using Tandem.Core.Common;
using Tandem.Core.Programmes;
using Tandem.Core.Scheduling;
using Tandem.Web.Authorization;

namespace Tandem.Web.Pages.Organisations;

/// <summary>The team programmes' monthly statement of an institution, its invoices, and (for the coordination) issuing the invoice of a closed month.</summary>
public sealed class BillingModel(ProgrammeBilling billing, SchedulingSettings settings, IClock clock, IStringLocalizer<SharedResource> localizer)
    : TandemPageModel(localizer)
{
    public string Organisation { get; private set; } = string.Empty;

    public StatementView? Statement { get; private set; }

    public IReadOnlyList<InvoiceSummary> Invoices { get; private set; } = [];

    public string Month { get; private set; } = string.Empty;

    public bool MayIssue => User.IsInRole(Tandem.Core.Security.Roles.Coordinator) || User.IsInRole(Tandem.Core.Security.Roles.Administrator);

    public async Task<IActionResult> OnGetAsync(Guid orgId, string? month, CancellationToken ct) => await LoadAsync(orgId, month, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostIssueAsync(Guid orgId, string? month, CancellationToken ct)
    {
        var outcome = await billing.IssueAsync(StaffClaims.Id(User), orgId, month, ct);
        if (outcome.Status == OutcomeStatus.NotFound)
        {
            return NotFound();
        }

        if (outcome.Succeeded)
        {
            TempData["Notice"] = L["Billing.Issued"].Value;
            return RedirectToPage(new { orgId, month });
        }

        AddMessages(outcome);
        return await LoadAsync(orgId, month, ct) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(Guid orgId, string? month, CancellationToken ct)
    {
        // By default the last closed month, the one to invoice.
        var chosen = ProgrammeBilling.ParseMonth(month) ?? clock.GetCurrentInstant().InZone(settings.Zone).Date.ToYearMonth().OnDayOfMonth(1).PlusMonths(-1).ToYearMonth();
        if (await billing.OverviewAsync(StaffClaims.Id(User), orgId, chosen, ct) is not { } overview)
        {
            return false;
        }

        (Organisation, Statement, Invoices, Month) = (overview.Organisation, overview.Statement, overview.Invoices, overview.Statement.Month);
        return true;
    }
}
