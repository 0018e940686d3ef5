using System.Security.Claims;
using System.Text;
using Microsoft.Extensions.Localization;
using NodaTime;
using Tandem.Core.Common;
using Tandem.Core.Programmes;
using Tandem.Web.Authorization;
using Tandem.Web.Hosting;
using Tandem.Web.Kit;

namespace Tandem.Web.Api;

public sealed record ProgrammeCreated(Guid Id, string Number);

public sealed record ParticipantBody(string? Name);

public sealed record ProgrammeSessionBody(Instant? Start, int? Minutes);

public sealed record ProgrammeAttendanceBody(IReadOnlyList<Guid>? Present, int? Minutes);

public sealed record PublishBody(bool ConfirmNoName);

public sealed record PlanBody(LocalDate? AgreedOn, string? Plan);

public sealed record InvoiceBody(string? Month);

public sealed record InvoiceCreated(Guid Id, string Number);

/// <summary>
/// Team programmes for institutions, their rules links, sessions, syntheses, quotes, statements and
/// invoices. Everything under a programme is for the coordination, administrators and its
/// facilitator — and, read-only and without drafts, for the institution's contacts. Anyone else 404.
/// </summary>
internal static class ProgrammeEndpoints
{
    public static IEndpointRouteBuilder MapProgrammeEndpoints(this IEndpointRouteBuilder app)
    {
        var staff = app.MapGroup("/api/v1").RequireAuthorization(Policies.Staff).WithTags("Team programmes");
        var coordination = app.MapGroup("/api/v1").RequireAuthorization(Policies.CoordinatorOrAdministrator).WithTags("Team programmes");
        var facilitator = app.MapGroup("/api/v1").RequireAuthorization(Policies.Practitioner).WithTags("Team programmes");

        coordination.MapPost("/organisations/{orgId:guid}/programmes", async (Guid orgId, ProgrammeInput body, ClaimsPrincipal user, TeamProgrammes programmes, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
        {
            var outcome = await programmes.CreateAsync(StaffClaims.Id(user), orgId, body, ct);
            var number = outcome.Succeeded ? await programmes.NumberOfAsync(outcome.Value, ct) : string.Empty;
            return ApiResults.From(outcome, l, id => Results.Created($"/api/v1/programmes/{id}", new ProgrammeCreated(id, number)));
        })
        .WithSummary("Creates a team programme: type (practice_analysis: 2 to 12 participants; supervision: 3 to 8; regulation: 2 to 12, a diagnostic phase then an accompaniment phase), facilitatorId (a practitioner profile), participants (names), startDate, endDate (a commitment of at least a year), sessionsPerMonth (1 or 2), hourlyRate (within the configured range, 100 to 150 by default), sessionMinutes (60 to 240, 120 by default). A 400 names each broken rule.")
        .Produces<ProgrammeCreated>(201).ProducesValidationProblem().ProducesProblem(404);

        staff.MapGet("/organisations/{orgId:guid}/programmes", async (Guid orgId, ClaimsPrincipal user, TeamProgrammes programmes, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
            await programmes.ListAsync(StaffClaims.Id(user), orgId, ct) is { } list ? Results.Ok(list) : ApiResults.NotFound(l))
            .WithSummary("The organisation's team programmes: for its contacts, the coordination, administrators, and a facilitator (their own).")
            .Produces<IReadOnlyList<ProgrammeSummary>>().ProducesProblem(404);

        staff.MapGet("/programmes/{id:guid}", async (Guid id, ClaimsPrincipal user, TeamProgrammes programmes, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
            await programmes.ReadAsync(StaffClaims.Id(user), id, ct) is { } view ? Results.Ok(view) : ApiResults.NotFound(l))
            .WithSummary("One programme: participants and their acceptance of the rules, sessions, syntheses. The institution's contacts see published syntheses only and no attendance by name.")
            .Produces<ProgrammeView>().ProducesProblem(404);

        coordination.MapPost("/programmes/{id:guid}/participants", async (Guid id, ParticipantBody body, ClaimsPrincipal user, TeamProgrammes programmes, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
            ApiResults.From(await programmes.AddParticipantAsync(StaffClaims.Id(user), id, body.Name, ct), l, pid => Results.Created($"/api/v1/programmes/{id}", new UnitCreated(pid))))
            .WithSummary("Adds a participant by name, within the size of the programme's type.")
            .Produces<UnitCreated>(201).ProducesValidationProblem().ProducesProblem(404);

        coordination.MapDelete("/programmes/{id:guid}/participants/{participantId:guid}", async (Guid id, Guid participantId, ClaimsPrincipal user, TeamProgrammes programmes, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
            ApiResults.From(await programmes.RemoveParticipantAsync(StaffClaims.Id(user), id, participantId, ct), l, _ => Results.NoContent()))
            .WithSummary("Removes a participant, within the size of the programme's type.")
            .ProducesValidationProblem().ProducesProblem(404);

        facilitator.MapPost("/programmes/{id:guid}/participants/{participantId:guid}/acceptance", async (Guid id, Guid participantId, ClaimsPrincipal user, TeamProgrammes programmes, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
            ApiResults.From(await programmes.RecordAcceptanceAsync(StaffClaims.Id(user), id, participantId, ct), l, _ => Results.NoContent()))
            .WithSummary("The facilitator records a participant's acceptance of the rules given in person (signed sheet).")
            .ProducesProblem(404);

        staff.MapPost("/programmes/{id:guid}/sessions", async (Guid id, ProgrammeSessionBody body, ClaimsPrincipal user, TeamProgrammes programmes, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
            ApiResults.From(await programmes.PlanSessionAsync(StaffClaims.Id(user), id, body.Start, body.Minutes, ct), l, sid => Results.Created($"/api/v1/programmes/{id}", new UnitCreated(sid))))
            .WithSummary("Plans a session (start, minutes): between the programme's dates, no more in a month than its rhythm, never more than 60 days after the previous one. Coordination, administrators or the facilitator.")
            .Produces<UnitCreated>(201).ProducesValidationProblem().ProducesProblem(404);

        staff.MapDelete("/programmes/{id:guid}/sessions/{sessionId:guid}", async (Guid id, Guid sessionId, ClaimsPrincipal user, TeamProgrammes programmes, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
            ApiResults.From(await programmes.CancelSessionAsync(StaffClaims.Id(user), id, sessionId, ct), l, _ => Results.NoContent()))
            .WithSummary("Cancels a session not yet held.")
            .ProducesProblem(404).ProducesProblem(409);

        facilitator.MapPut("/programmes/{id:guid}/sessions/{sessionId:guid}/attendance", async (Guid id, Guid sessionId, ProgrammeAttendanceBody body, ClaimsPrincipal user, TeamProgrammes programmes, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
            ApiResults.From(await programmes.RecordSessionAsync(StaffClaims.Id(user), id, sessionId, body.Present, body.Minutes, ct), l, n => Results.Ok(new GroupAttendanceResult(n))))
            .WithSummary("The facilitator records a session that has begun: present (participant ids, each having accepted the rules), minutes (how long it lasted). The session becomes held and billable.")
            .Produces<GroupAttendanceResult>().ProducesValidationProblem().ProducesProblem(404).ProducesProblem(409);

        facilitator.MapPost("/programmes/{id:guid}/plan", async (Guid id, PlanBody body, ClaimsPrincipal user, TeamProgrammes programmes, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
            ApiResults.From(await programmes.AgreePlanAsync(StaffClaims.Id(user), id, body.AgreedOn, body.Plan, ct), l, _ => Results.NoContent()))
            .WithSummary("A regulation's accompaniment plan, agreed with the protagonists after at least one diagnostic session: the programme enters its accompaniment phase.")
            .ProducesValidationProblem().ProducesProblem(404).ProducesProblem(409);

        facilitator.MapPut("/programmes/{id:guid}/sessions/{sessionId:guid}/synthesis", async (Guid id, Guid sessionId, SynthesisInput body, ClaimsPrincipal user, TeamProgrammes programmes, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
            ApiResults.From(await programmes.WriteSynthesisAsync(StaffClaims.Id(user), id, sessionId, body, ct), l, Results.Ok))
            .WithSummary("The facilitator writes a held session's anonymised synthesis (themes, actionPlans, decisions); the answer's warnings list each participant's name found in it.")
            .Produces<SynthesisView>().ProducesValidationProblem().ProducesProblem(404).ProducesProblem(409);

        facilitator.MapPost("/programmes/{id:guid}/sessions/{sessionId:guid}/synthesis/publish", async (Guid id, Guid sessionId, PublishBody? body, ClaimsPrincipal user, TeamProgrammes programmes, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
        {
            var outcome = await programmes.PublishSynthesisAsync(StaffClaims.Id(user), id, sessionId, body?.ConfirmNoName ?? false, ct);
            if (outcome.Status == OutcomeStatus.Conflict)
            {
                var matches = await programmes.CheckSynthesisAsync(StaffClaims.Id(user), id, sessionId, ct) ?? [];
                return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: l[ProgrammeMessages.NamesFound],
                    extensions: new Dictionary<string, object?> { ["matches"] = matches });
            }

            return ApiResults.From(outcome, l, Results.Ok);
        })
        .WithSummary("Publishes the synthesis to the institution's contacts. While it contains a participant's name: 409 with the matches, unless confirmNoName is true (audited).")
        .Produces<SynthesisView>().ProducesProblem(404).ProducesProblem(409);

        staff.MapGet("/programmes/{id:guid}/quote.{format}", async (Guid id, string format, ClaimsPrincipal user, ProgrammeBilling billing, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
        {
            return await billing.QuoteAsync(StaffClaims.Id(user), id, ct) is { } quote
                ? Document(format, () => BillingDocuments.QuotePdf(quote, l), () => BillingDocuments.QuoteCsv(quote, l), $"devis-{quote.Number}", l)
                : ApiResults.NotFound(l);
        })
        .WithSummary("The programme's quote, as PDF or CSV: its whole commitment at its rhythm, session length and hourly rate, with VAT.")
        .Produces(200, contentType: "application/pdf").ProducesProblem(404);

        staff.MapGet("/organisations/{orgId:guid}/statements/{month}", async (Guid orgId, string month, ClaimsPrincipal user, ProgrammeBilling billing, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
            ApiResults.From(await billing.StatementAsync(StaffClaims.Id(user), orgId, month, ct), l, Results.Ok))
            .WithSummary("The monthly statement (month yyyy-MM): each session held, its length times its programme's rate, the totals and, once invoiced, the invoice number. For the organisation's contacts, the coordination and administrators.")
            .Produces<StatementView>().ProducesValidationProblem().ProducesProblem(404);

        coordination.MapPost("/organisations/{orgId:guid}/invoices", async (Guid orgId, InvoiceBody body, ClaimsPrincipal user, ProgrammeBilling billing, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
        {
            var outcome = await billing.IssueAsync(StaffClaims.Id(user), orgId, body.Month, ct);
            if (!outcome.Succeeded)
            {
                return ApiResults.From(outcome, l, _ => Results.Ok());
            }

            var invoice = await billing.InvoiceAsync(StaffClaims.Id(user), outcome.Value, ct);
            return Results.Created($"/api/v1/invoices/{outcome.Value}", new InvoiceCreated(outcome.Value, invoice!.Number));
        })
        .WithSummary("Issues the invoice of a closed month (month yyyy-MM): the sessions held then and not yet invoiced, numbered without gaps (F-yyyy-0001…). 409 when the month is open or there is nothing to invoice.")
        .Produces<InvoiceCreated>(201).ProducesValidationProblem().ProducesProblem(404).ProducesProblem(409);

        staff.MapGet("/organisations/{orgId:guid}/invoices", async (Guid orgId, ClaimsPrincipal user, ProgrammeBilling billing, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
            await billing.InvoicesAsync(StaffClaims.Id(user), orgId, ct) is { } list ? Results.Ok(list) : ApiResults.NotFound(l))
            .WithSummary("The organisation's invoices, newest first.")
            .Produces<IReadOnlyList<InvoiceSummary>>().ProducesProblem(404);

        staff.MapGet("/invoices/{id:guid}", async (Guid id, ClaimsPrincipal user, ProgrammeBilling billing, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
            await billing.InvoiceAsync(StaffClaims.Id(user), id, ct) is { } invoice ? Results.Ok(invoice) : ApiResults.NotFound(l))
            .WithSummary("One invoice, as issued.")
            .Produces<InvoiceView>().ProducesProblem(404);

        staff.MapGet("/invoices/{id:guid}.{format}", async (Guid id, string format, ClaimsPrincipal user, ProgrammeBilling billing, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
        {
            return await billing.InvoiceAsync(StaffClaims.Id(user), id, ct) is { } invoice
                ? Document(format, () => BillingDocuments.InvoicePdf(invoice, l), () => BillingDocuments.InvoiceCsv(invoice, l), $"facture-{invoice.Number}", l)
                : ApiResults.NotFound(l);
        })
        .WithSummary("One invoice as PDF (with the legal mentions of a French invoice) or CSV.")
        .Produces(200, contentType: "application/pdf").ProducesProblem(404);

        var rules = app.MapGroup("/api/v1/programme-rules").AllowAnonymous().WithTags("Team programmes");
        rules.MapGet("/{token}", async (string token, TeamProgrammes programmes, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
            await programmes.RulesAsync(token, ct) is { } view ? Results.Ok(view) : ApiResults.NotFound(l))
            .WithSummary("By a participant's personal link: the programme and whether they accepted its rules.")
            .Produces<RulesView>().ProducesProblem(404);
        rules.MapPost("/{token}/accept", async (string token, TeamProgrammes programmes, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
            await programmes.AcceptRulesAsync(token, ct) ? Results.NoContent() : ApiResults.NotFound(l))
            .WithSummary("The participant accepts the rules (confidentiality, respect, commitment); the date is recorded.")
            .ProducesProblem(404);

        return app;
    }

    /// <summary>A quote or an invoice as PDF or CSV, written in French (the language of a French invoice); any other format is not found.</summary>
    private static IResult Document(string format, Func<byte[]> pdf, Func<string> csv, string name, IStringLocalizer l)
    {
        using var scope = new CultureScope(new System.Globalization.CultureInfo("fr"));
        return format switch
        {
            "pdf" => Results.File(pdf(), "application/pdf", name + ".pdf"),
            "csv" => Results.File(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(csv())).ToArray(), "text/csv; charset=utf-8", name + ".csv"),
            _ => ApiResults.NotFound(l),
        };
    }
}
