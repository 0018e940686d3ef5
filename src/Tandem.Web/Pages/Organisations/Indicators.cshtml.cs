using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Tandem.Core.Common;
using Tandem.Core.Indicators;
using Tandem.Web.Api;
using Tandem.Web.Authorization;

namespace Tandem.Web.Pages.Organisations;

/// <summary>The indicators of a closed period, for the organisation's contacts, the coordination and administrators.</summary>
public sealed class IndicatorsModel(IndicatorReports reports, Tandem.Core.Organisations.Organisations organisations, Tandem.Core.Data.TandemDbContext db, IStringLocalizer<SharedResource> localizer)
    : TandemPageModel(localizer)
{
    [BindProperty(SupportsGet = true, Name = "periode")]
    public string? Period { get; set; }

    public Guid OrgId { get; private set; }

    public string Name { get; private set; } = string.Empty;

    public IReadOnlyList<string> Periods { get; private set; } = [];

    public IndicatorsResponse? Report { get; private set; }

    public string? Problem { get; private set; }

    public IReadOnlyList<PriorityUnit> Priorities { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid orgId, CancellationToken ct)
    {
        if (!await organisations.MaySeeAsync(StaffClaims.Id(User), orgId, ct))
        {
            return NotFound();
        }

        OrgId = orgId;
        var organisation = await db.Organisations.AsNoTracking().Where(o => o.Id == orgId).Select(o => new { o.Name, o.CreatedAt }).FirstAsync(ct);
        Name = organisation.Name;
        Periods = reports.ClosedPeriods(organisation.CreatedAt);
        Period ??= Periods.FirstOrDefault(p => p.Contains("-Q", StringComparison.Ordinal)) ?? (Periods.Count > 0 ? Periods[0] : null);
        if (Period is null)
        {
            Problem = L["Indicators.NoClosedPeriod"];
            return Page();
        }

        var outcome = await reports.ReportAsync(StaffClaims.Id(User), orgId, Period, ct);
        if (outcome.Succeeded)
        {
            Report = IndicatorPresenter.Present(outcome.Value!, L);
            var headcounts = await db.OrganisationUnits.AsNoTracking().Where(u => u.OrganisationId == orgId).ToDictionaryAsync(u => u.Id, u => u.Headcount, ct);
            Priorities = PriorityUnits.From(outcome.Value!, headcounts);
        }
        else
        {
            Problem = L[outcome.Errors.Values.SelectMany(v => v).First()];
        }

        return Page();
    }
}
