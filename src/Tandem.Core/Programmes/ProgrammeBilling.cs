using System.Globalization;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using NodaTime.Text;
using Tandem.Core.Common;
using Tandem.Core.Data;
using Tandem.Core.Scheduling;
using Tandem.Core.Security;
using Tandem.Core.Security.Audit;

namespace Tandem.Core.Programmes;

public sealed record SellerView(string Name, string Address, string Siret, string? VatNumber, int PaymentDays, string LatePenalty);

public sealed record BillableLine(Guid SessionId, string ProgrammeNumber, ProgrammeType Type, Instant Start, decimal Hours, decimal UnitPrice, decimal Amount, string? InvoiceNumber);

public sealed record Totals(decimal ExcludingVat, decimal VatRate, decimal Vat, decimal IncludingVat);

/// <summary>What a month of team programmes costs an institution: each session held, its length times its programme's rate.</summary>
public sealed record StatementView(Guid OrganisationId, string Organisation, string Month, IReadOnlyList<BillableLine> Lines, Totals Totals, bool Closed);

public sealed record QuoteView(
    string Number, LocalDate IssuedOn, LocalDate ValidUntil, SellerView Seller, string Buyer, string? BuyerAddress, ProgrammeType Type, LocalDate StartDate, LocalDate EndDate,
    int Months, int SessionsPerMonth, int Sessions, int SessionMinutes, decimal Hours, decimal HourlyRate, Totals Totals);

public sealed record InvoiceLineView(ProgrammeType Type, Instant SessionStart, decimal Hours, decimal UnitPrice, decimal Amount);

public sealed record InvoiceView(
    Guid InvoiceId, string Number, string Month, LocalDate IssuedOn, LocalDate DueOn, SellerView Seller, string Buyer, string? BuyerAddress,
    IReadOnlyList<InvoiceLineView> Lines, Totals Totals);

/// <summary>What the billing page shows: a month's statement and every invoice.</summary>
public sealed record BillingOverview(string Organisation, StatementView Statement, IReadOnlyList<InvoiceSummary> Invoices);

public sealed record InvoiceSummary(Guid InvoiceId, string Number, string Month, LocalDate IssuedOn, decimal TotalIncludingVat);

public static class BillingMessages
{
    public const string Month = "Error.Billing.Month";
    public const string MonthOpen = "Error.Billing.MonthOpen";
    public const string NothingToInvoice = "Error.Billing.NothingToInvoice";
}

/// <summary>
/// Fees of team programmes: a quote before a programme starts, a statement per institution and
/// month, and invoices frozen when issued and numbered without gaps. Billed per programme and hour,
/// never per person: no line says who came.
/// </summary>
public sealed class ProgrammeBilling(TandemDbContext db, BillingSettings settings, SchedulingSettings scheduling, AuditTrail audit, IClock clock)
{
    public SellerView Seller => new(settings.SellerName, settings.SellerAddress, settings.Siret, settings.VatNumber, settings.PaymentDays, settings.LatePenalty);

    public static YearMonth? ParseMonth(string? month) =>
        month is not null && YearMonthPattern.Iso.Parse(month.Trim()) is { Success: true } parsed ? parsed.Value : null;

    public Totals TotalsOf(decimal excludingVat)
    {
        var vat = Math.Round(excludingVat * settings.VatRate / 100m, 2, MidpointRounding.AwayFromZero);
        return new Totals(excludingVat, settings.VatRate, vat, excludingVat + vat);
    }

    public static decimal HoursOf(int minutes) => Math.Round(minutes / 60m, 2, MidpointRounding.AwayFromZero);

    public static decimal AmountOf(decimal hours, decimal rate) => Math.Round(hours * rate, 2, MidpointRounding.AwayFromZero);

    /// <summary>The quote of a programme: its whole commitment at its rhythm, length and rate.</summary>
    public async Task<QuoteView?> QuoteAsync(Guid userId, Guid programmeId, CancellationToken ct = default)
    {
        var p = await db.TeamProgrammes.AsNoTracking().FirstOrDefaultAsync(x => x.Id == programmeId, ct);
        if (p is null || !await MayReadAsync(userId, p.OrganisationId, ct))
        {
            return null;
        }

        var organisation = await db.Organisations.AsNoTracking().FirstAsync(o => o.Id == p.OrganisationId, ct);
        var months = Math.Max(1, Period.Between(p.StartDate, p.EndDate.PlusDays(1), PeriodUnits.Months).Months);
        var sessions = months * p.SessionsPerMonth;
        var hours = sessions * HoursOf(p.SessionMinutes);
        var issued = p.CreatedAt.InZone(scheduling.Zone).Date;
        return new QuoteView(p.Number, issued, issued.PlusDays(settings.QuoteValidityDays), Seller, organisation.Name, organisation.BillingAddress, p.Type, p.StartDate, p.EndDate,
            months, p.SessionsPerMonth, sessions, p.SessionMinutes, hours, p.HourlyRate, TotalsOf(AmountOf(hours, p.HourlyRate)));
    }

    /// <summary>The sessions held in a month for the organisation, each with its amount and, once invoiced, its invoice.</summary>
    public async Task<Outcome<StatementView>> StatementAsync(Guid userId, Guid organisationId, string? month, CancellationToken ct = default)
    {
        if (await ReadableNameAsync(userId, organisationId, ct) is not { } organisation)
        {
            return Outcome<StatementView>.Fail(OutcomeStatus.NotFound, Messages.NotFound);
        }

        return ParseMonth(month) is { } yearMonth
            ? Outcome<StatementView>.Ok(await StatementOfAsync(organisationId, organisation, yearMonth, ct))
            : Outcome<StatementView>.Invalid("month", BillingMessages.Month);
    }

    /// <summary>The month's statement and the invoices, for the billing page, checking access once.</summary>
    public async Task<BillingOverview?> OverviewAsync(Guid userId, Guid organisationId, YearMonth month, CancellationToken ct = default)
    {
        if (await ReadableNameAsync(userId, organisationId, ct) is not { } organisation)
        {
            return null;
        }

        return new BillingOverview(organisation, await StatementOfAsync(organisationId, organisation, month, ct), await InvoiceListAsync(organisationId, ct));
    }

    private async Task<StatementView> StatementOfAsync(Guid organisationId, string organisation, YearMonth month, CancellationToken ct)
    {
        var lines = await LinesAsync(organisationId, month, false, ct);
        return new StatementView(organisationId, organisation, Format(month), lines, TotalsOf(lines.Sum(l => l.Amount)), Closed(month));
    }

    /// <summary>
    /// Issues the invoice of a closed month: every session held then and not yet invoiced, frozen
    /// with the seller's and buyer's details, under the next number of the year.
    /// </summary>
    public async Task<Outcome<Guid>> IssueAsync(Guid actorId, Guid organisationId, string? month, CancellationToken ct = default)
    {
        var organisation = await db.IsCoordinationAsync(actorId, ct) ? await db.Organisations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == organisationId, ct) : null;
        if (organisation is null)
        {
            return Outcome<Guid>.Fail(OutcomeStatus.NotFound, Messages.NotFound);
        }

        if (ParseMonth(month) is not { } yearMonth)
        {
            return Outcome<Guid>.Invalid("month", BillingMessages.Month);
        }

        if (!Closed(yearMonth))
        {
            return Outcome<Guid>.Fail(OutcomeStatus.Conflict, BillingMessages.MonthOpen);
        }

        var today = clock.GetCurrentInstant().InZone(scheduling.Zone).Date;
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var lines = await LinesAsync(organisationId, yearMonth, true, ct);
            if (lines.Count == 0)
            {
                return Outcome<Guid>.Fail(OutcomeStatus.Conflict, BillingMessages.NothingToInvoice);
            }

            var totals = TotalsOf(lines.Sum(l => l.Amount));
            var invoice = new Invoice
            {
                Id = Guid.NewGuid(),
                Number = await DocumentNumbers.NextAsync(db, "F", today.Year, ct),
                OrganisationId = organisationId,
                Month = Format(yearMonth),
                IssuedOn = today,
                DueOn = today.PlusDays(settings.PaymentDays),
                SellerName = settings.SellerName,
                SellerAddress = settings.SellerAddress,
                SellerSiret = settings.Siret,
                SellerVatNumber = settings.VatNumber,
                BuyerName = organisation.Name,
                BuyerAddress = organisation.BillingAddress,
                TotalExcludingVat = totals.ExcludingVat,
                VatRate = totals.VatRate,
                Vat = totals.Vat,
                TotalIncludingVat = totals.IncludingVat,
                CreatedAt = clock.GetCurrentInstant(),
                CreatedById = actorId,
                Lines = lines.Select((l, i) => new InvoiceLine
                {
                    Id = Guid.NewGuid(),
                    Position = i + 1,
                    SessionId = l.SessionId,
                    Type = l.Type,
                    SessionStart = l.Start,
                    Hours = l.Hours,
                    UnitPrice = l.UnitPrice,
                    Amount = l.Amount,
                }).ToList(),
            };
            db.Invoices.Add(invoice);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            await audit.AppendAsync(AuditTrail.Staff(actorId), "invoice.issued", invoice.Id.ToString(), new Dictionary<string, string?>
            {
                ["number"] = invoice.Number,
                ["organisation"] = organisationId.ToString(),
                ["total"] = invoice.TotalIncludingVat.ToString(CultureInfo.InvariantCulture),
            }, ct);
            return Outcome<Guid>.Ok(invoice.Id);
        }
        catch (DbUpdateException)
        {
            // Someone invoiced the same sessions at the same moment: theirs stands, and the number goes back.
            db.ChangeTracker.Clear();
            return Outcome<Guid>.Fail(OutcomeStatus.Conflict, BillingMessages.NothingToInvoice);
        }
    }

    public async Task<IReadOnlyList<InvoiceSummary>?> InvoicesAsync(Guid userId, Guid organisationId, CancellationToken ct = default) =>
        await MayReadAsync(userId, organisationId, ct) ? await InvoiceListAsync(organisationId, ct) : null;

    private async Task<IReadOnlyList<InvoiceSummary>> InvoiceListAsync(Guid organisationId, CancellationToken ct) =>
        (await db.Invoices.AsNoTracking().Where(i => i.OrganisationId == organisationId)
            .Select(i => new InvoiceSummary(i.Id, i.Number, i.Month, i.IssuedOn, i.TotalIncludingVat)).ToListAsync(ct))
        .OrderByDescending(i => i.Number, StringComparer.Ordinal).ToList();

    public async Task<InvoiceView?> InvoiceAsync(Guid userId, Guid invoiceId, CancellationToken ct = default)
    {
        var i = await db.Invoices.AsNoTracking().Include(x => x.Lines).FirstOrDefaultAsync(x => x.Id == invoiceId, ct);
        if (i is null || !await MayReadAsync(userId, i.OrganisationId, ct))
        {
            return null;
        }

        return new InvoiceView(i.Id, i.Number, i.Month, i.IssuedOn, i.DueOn,
            new SellerView(i.SellerName, i.SellerAddress, i.SellerSiret, i.SellerVatNumber, settings.PaymentDays, settings.LatePenalty),
            i.BuyerName, i.BuyerAddress,
            i.Lines.OrderBy(l => l.Position).Select(l => new InvoiceLineView(l.Type, l.SessionStart, l.Hours, l.UnitPrice, l.Amount)).ToList(),
            new Totals(i.TotalExcludingVat, i.VatRate, i.Vat, i.TotalIncludingVat));
    }

    /// <summary>The organisation's contacts, the coordination and administrators.</summary>
    public async Task<bool> MayReadAsync(Guid userId, Guid organisationId, CancellationToken ct) => await ReadableNameAsync(userId, organisationId, ct) is not null;

    /// <returns>The organisation's name when the user may read its billing, else null.</returns>
    private async Task<string?> ReadableNameAsync(Guid userId, Guid organisationId, CancellationToken ct)
    {
        var user = await db.Users.AsNoTracking().Where(u => u.Id == userId && u.DeactivatedAt == null).Select(u => new { u.Role, u.OrganisationId }).FirstOrDefaultAsync(ct);
        return user is not null && Organisations.Organisations.MaySee(user.Role, user.OrganisationId, organisationId)
            ? await db.Organisations.AsNoTracking().Where(o => o.Id == organisationId).Select(o => o.Name).FirstOrDefaultAsync(ct)
            : null;
    }

    private bool Closed(YearMonth month) => month < clock.GetCurrentInstant().InZone(scheduling.Zone).Date.ToYearMonth();

    private static string Format(YearMonth month) => YearMonthPattern.Iso.Format(month);

    private async Task<IReadOnlyList<BillableLine>> LinesAsync(Guid organisationId, YearMonth month, bool uninvoicedOnly, CancellationToken ct)
    {
        var from = month.OnDayOfMonth(1).AtStartOfDayInZone(scheduling.Zone).ToInstant();
        var to = month.OnDayOfMonth(1).PlusMonths(1).AtStartOfDayInZone(scheduling.Zone).ToInstant();
        var sessions = await db.ProgrammeSessions.AsNoTracking()
            .Where(s => s.State == ProgrammeSessionState.Held && s.Start >= from && s.Start < to)
            .Join(db.TeamProgrammes.Where(p => p.OrganisationId == organisationId), s => s.ProgrammeId, p => p.Id, (s, p) => new { s.Id, s.Start, s.Minutes, p.Number, p.Type, p.HourlyRate })
            .ToListAsync(ct);
        var ids = sessions.Select(s => s.Id).ToList();
        var invoiced = await db.InvoiceLines.AsNoTracking().Where(l => ids.Contains(l.SessionId))
            .Join(db.Invoices, l => l.InvoiceId, i => i.Id, (l, i) => new { l.SessionId, i.Number }).ToDictionaryAsync(x => x.SessionId, x => x.Number, ct);
        return sessions.OrderBy(s => s.Start)
            .Where(s => !uninvoicedOnly || !invoiced.ContainsKey(s.Id))
            .Select(s =>
            {
                var hours = HoursOf(s.Minutes);
                return new BillableLine(s.Id, s.Number, s.Type, s.Start, hours, s.HourlyRate, AmountOf(hours, s.HourlyRate), invoiced.GetValueOrDefault(s.Id));
            }).ToList();
    }
}
