using System.Globalization;
using System.Security.Claims;
using System.Text;
using Microsoft.Extensions.Localization;
using Tandem.Core.Hotline;
using Tandem.Core.Indicators;
using Tandem.Web.Authorization;

namespace Tandem.Web.Api;

public sealed record IndicatorRowResponse(string Label, int? Count, bool Suppressed);

public sealed record IndicatorTableResponse(string Dimension, string Measure, IReadOnlyList<IndicatorRowResponse> Rows, int? Total);

public sealed record IndicatorsResponse(string Period, bool Withheld, int MinimumCell, IReadOnlyList<IndicatorTableResponse> Tables, int? Total, IReadOnlyList<string> Caveats);

public sealed record CallCreated(Guid Id);

/// <summary>Turns a frozen report into what people read: labels and caveats in their language.</summary>
public static class IndicatorPresenter
{
    public static readonly string[] CaveatKeys = ["Indicators.Caveat.Absence", "Indicators.Caveat.Orient", "Indicators.Caveat.NotPeople"];

    public static string Label(string label, IStringLocalizer l)
    {
        if (!label.StartsWith('@'))
        {
            return label;
        }

        var key = label[1..];
        return key.StartsWith("Month.", StringComparison.Ordinal) && DateTime.TryParseExact(key[6..], "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out var month)
            ? month.ToString("MMMM yyyy", CultureInfo.CurrentCulture)
            : l[key].Value;
    }

    public static IndicatorsResponse Present(IndicatorReport report, IStringLocalizer l) => new(
        report.Period,
        report.Withheld,
        report.MinimumCell,
        report.Tables.Select(t => new IndicatorTableResponse(t.Dimension, t.Measure, t.Rows.Select(r => new IndicatorRowResponse(Label(r.Label, l), r.Count, r.Suppressed)).ToList(), t.Total)).ToList(),
        report.Total,
        CaveatKeys.Select(k => l[k].Value).ToList());

    public static string Csv(IndicatorsResponse report, IStringLocalizer l)
    {
        var csv = new StringBuilder();
        csv.AppendLine(string.Join(';', "period", "dimension", "measure", "label", "count"));
        foreach (var table in report.Tables)
        {
            foreach (var row in table.Rows)
            {
                csv.AppendLine(string.Join(';', report.Period, table.Dimension, table.Measure, Quote(row.Label), row.Suppressed ? l["Indicators.SuppressedCsv"].Value : row.Count?.ToString(CultureInfo.InvariantCulture)));
            }

            csv.AppendLine(string.Join(';', report.Period, table.Dimension, table.Measure, Quote(l["Indicators.Total"]), table.Total?.ToString(CultureInfo.InvariantCulture) ?? l["Indicators.SuppressedCsv"].Value));
        }

        foreach (var caveat in report.Caveats)
        {
            csv.AppendLine("# " + caveat);
        }

        return csv.ToString();
    }

    // Quoted, and never starting with a formula character (CSV injection in spreadsheets).
    private static string Quote(string value) => "\"" + (value.Length > 0 && "=+-@".Contains(value[0], StringComparison.Ordinal) ? "'" + value : value).Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}

internal static class IndicatorEndpoints
{
    private static NodaTime.Instant? Instant(string? value) =>
        value is not null && NodaTime.Text.InstantPattern.ExtendedIso.Parse(value) is { Success: true } parsed ? parsed.Value : null;

    public static IEndpointRouteBuilder MapIndicatorEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/organisations/{orgId:guid}/indicators", async (Guid orgId, string? period, ClaimsPrincipal user, IndicatorReports reports, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
            ApiResults.From(await reports.ReportAsync(StaffClaims.Id(user), orgId, period, ct), l, r => Results.Ok(IndicatorPresenter.Present(r, l))))
            .RequireAuthorization(Policies.Staff).WithTags("Indicators")
            .WithSummary("The indicators of one closed period (2026-Q3, 2026-09, 2026) after disclosure control, frozen at first report; the open period answers 409, as does an organisation whose indicators were not agreed yet. For its contacts, the coordination and administrators; anyone else 404.")
            .Produces<IndicatorsResponse>().ProducesValidationProblem().ProducesProblem(404).ProducesProblem(409);

        app.MapGet("/api/v1/organisations/{orgId:guid}/indicators.csv", async (Guid orgId, string? period, ClaimsPrincipal user, IndicatorReports reports, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
            ApiResults.From(await reports.ReportAsync(StaffClaims.Id(user), orgId, period, ct), l, r =>
                Results.File(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(IndicatorPresenter.Csv(IndicatorPresenter.Present(r, l), l))).ToArray(), "text/csv; charset=utf-8", $"indicateurs-{r.Period}.csv")))
            .RequireAuthorization(Policies.Staff).WithTags("Indicators")
            .WithSummary("The same report as CSV (semicolon-separated, UTF-8), caveats at the end.");

        app.MapGet("/api/v1/organisations/{orgId:guid}/indicators.pdf", async (Guid orgId, string? period, ClaimsPrincipal user, IndicatorReports reports, Tandem.Core.Organisations.Organisations organisations, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
        {
            var outcome = await reports.ReportAsync(StaffClaims.Id(user), orgId, period, ct);
            if (!outcome.Succeeded)
            {
                return ApiResults.From(outcome, l, Results.Ok);
            }

            var name = (await organisations.ReadAsync(StaffClaims.Id(user), orgId, ct))!.Name;
            return Results.File(Kit.IndicatorPdf.Render(IndicatorPresenter.Present(outcome.Value!, l), name, l), "application/pdf", $"indicateurs-{outcome.Value!.Period}.pdf");
        })
        .RequireAuthorization(Policies.Staff).WithTags("Indicators")
        .WithSummary("The same report as PDF, caveats first.");

        app.MapGet("/api/v1/organisations/{orgId:guid}/indicators/chart.svg", async (Guid orgId, string? period, int? table, string? lang, ClaimsPrincipal user, IndicatorReports reports, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
            ApiResults.From(await reports.ReportAsync(StaffClaims.Id(user), orgId, period, ct), l, r =>
            {
                // The page names its language: an image request's Accept-Language is the browser's, not the page's.
                using var scope = lang is "fr" or "en" ? new Hosting.CultureScope(new CultureInfo(lang)) : null;

                var presented = IndicatorPresenter.Present(r, l);
                if (table is not { } index || index < 0 || index >= presented.Tables.Count)
                {
                    return ApiResults.NotFound(l);
                }

                var t = presented.Tables[index];
                return Results.Text(Kit.IndicatorCharts.Svg(t, $"{l["Indicators.Measure." + t.Measure]} {l["Indicators.By." + t.Dimension]}"), "image/svg+xml");
            }))
            .RequireAuthorization(Policies.Staff).WithTags("Indicators")
            .WithSummary("One table of the report (table = its index) as an SVG bar chart; suppressed cells have no bar.");

        app.MapPost("/api/v1/hotline/calls", async (CallInput body, ClaimsPrincipal user, Listening listening, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
            ApiResults.From(await listening.LogCallAsync(StaffClaims.Id(user), body, ct), l, id => Results.Created($"/api/v1/hotline/calls/{id}", new CallCreated(id))))
            .RequireAuthorization(Policies.Practitioner).WithTags("Listening line")
            .WithSummary("Logs a listening-line call: at, durationMinutes, organisationId?, department?, jobFamily? (ids), themes[], outcome (listened, request_opened, signposted, emergency_services). No name, no number.")
            .Produces<CallCreated>(201).ProducesValidationProblem();

        app.MapGet("/api/v1/hotline/rota", async (string? from, string? to, Listening listening, NodaTime.IClock clock, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
        {
            var start = Instant(from);
            var end = Instant(to);
            if ((from is not null && start is null) || (to is not null && end is null))
            {
                return Results.ValidationProblem(new Dictionary<string, string[]> { [start is null && from is not null ? "from" : "to"] = [l["Error.DateInvalid"].Value] }, title: l["Error.ValidationTitle"]);
            }

            var first = start ?? clock.GetCurrentInstant();
            return Results.Ok(await listening.RotaAsync(first, end ?? first + NodaTime.Duration.FromDays(14), ct));
        })
        .RequireAuthorization(Policies.Provider).WithTags("Listening line")
        .WithSummary("Who answers the listening line when (default: the coming two weeks).");

        app.MapPost("/api/v1/hotline/shifts", async (ShiftInput body, ClaimsPrincipal user, Listening listening, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
            ApiResults.From(await listening.AddShiftAsync(StaffClaims.Id(user), body, ct), l, id => Results.Created($"/api/v1/hotline/rota", new CallCreated(id))))
            .RequireAuthorization(Policies.CoordinatorOrAdministrator).WithTags("Listening line")
            .WithSummary("Adds an on-call shift: practitionerId (profile), start, end.")
            .Produces<CallCreated>(201).ProducesValidationProblem();

        app.MapDelete("/api/v1/hotline/shifts/{shiftId:guid}", async (Guid shiftId, ClaimsPrincipal user, Listening listening, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
            await listening.RemoveShiftAsync(StaffClaims.Id(user), shiftId, ct) ? Results.NoContent() : ApiResults.NotFound(l))
            .RequireAuthorization(Policies.CoordinatorOrAdministrator).WithTags("Listening line")
            .WithSummary("Removes an on-call shift.");

        return app;
    }
}
