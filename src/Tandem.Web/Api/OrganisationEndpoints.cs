using System.Security.Claims;
using Microsoft.Extensions.Localization;
using Tandem.Core.Organisations;
using Tandem.Web.Authorization;

namespace Tandem.Web.Api;

public sealed record OrganisationCreated(Guid Id, string Code);

public sealed record UnitCreated(Guid Id);

public sealed record MergeBody(Guid? IntoId);

public sealed record AttachContactBody(Guid StaffId);

/// <summary>Client organisations: read by their contacts, the coordination and administrators; set up by administrators (onboarding steps by the coordination too).</summary>
internal static class OrganisationEndpoints
{
    public static IEndpointRouteBuilder MapOrganisationEndpoints(this IEndpointRouteBuilder app)
    {
        var staff = app.MapGroup("/api/v1/organisations").RequireAuthorization(Policies.Staff).WithTags("Organisations");
        var admin = app.MapGroup("/api/v1/organisations").RequireAuthorization(Policies.Administrator).WithTags("Organisations");

        staff.MapGet("/{orgId:guid}", async (Guid orgId, ClaimsPrincipal user, Organisations organisations, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
            await organisations.ReadAsync(StaffClaims.Id(user), orgId, ct) is { } view ? Results.Ok(view) : ApiResults.NotFound(l))
            .WithSummary("The organisation: name, enrolment code, departments and job families (id, name, headcount), the service agreement, the onboarding steps, the contacts and the indicators agreement. For its contacts, the coordination and administrators; anyone else 404.")
            .Produces<OrganisationView>().ProducesProblem(404);

        staff.MapGet("/{orgId:guid}/kit/{document}.pdf", async (Guid orgId, string document, string? lang, HttpContext http, ClaimsPrincipal user, Organisations organisations, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
        {
            var kind = document switch { "poster" => Kit.KitDocument.Poster, "flyer" => Kit.KitDocument.Flyer, _ => (Kit.KitDocument?)null };
            if (kind is null || await organisations.ReadAsync(StaffClaims.Id(user), orgId, ct) is not { } view)
            {
                return ApiResults.NotFound(l);
            }

            var culture = Kit.InformationKit.Culture(lang);
            using var scope = new Hosting.CultureScope(culture);
            var pdf = Kit.InformationKit.Render(kind.Value, view.Name, view.Code, Hosting.PublicLinks.BaseUrl(http), l);
            return Results.File(pdf, "application/pdf", $"{document}-{view.Code}-{culture.TwoLetterISOLanguageName}.pdf");
        })
        .WithSummary("The information kit: the poster (A4) or the flyer (A5) as PDF, lang fr or en, with the enrolment code, a QR code to the request form with the code filled in, the charter in short and the emergency numbers.")
        .Produces(200, contentType: "application/pdf").ProducesProblem(404);

        app.MapGet("/api/v1/organisations", (Organisations organisations, CancellationToken ct) => organisations.ListAsync(ct))
            .RequireAuthorization(Policies.CoordinatorOrAdministrator).WithTags("Organisations")
            .WithSummary("Every organisation (coordination and administrators).");

        app.MapPost("/api/v1/organisations/{orgId:guid}/onboarding", async (Guid orgId, StepInput body, ClaimsPrincipal user, Organisations organisations, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
            ApiResults.From(await organisations.RecordStepAsync(StaffClaims.Id(user), orgId, body, ct), l, id => Results.Created($"/api/v1/organisations/{orgId}", new UnitCreated(id))))
            .RequireAuthorization(Policies.CoordinatorOrAdministrator).WithTags("Organisations")
            .WithSummary("Records an onboarding step: kind (management_meeting, works_council, indicators_agreed, workers_informed, live, review), date, attendees, note; for indicators_agreed, minimumCell (at least 5) and tables (period, department, job_family, modality, theme, risk_factor).")
            .Produces<UnitCreated>(201).ProducesValidationProblem().ProducesProblem(404);

        admin.MapPost("/", async (OrganisationInput body, ClaimsPrincipal user, Organisations organisations, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
        {
            var outcome = await organisations.CreateAsync(StaffClaims.Id(user), body, ct);
            if (!outcome.Succeeded)
            {
                return ApiResults.From(outcome, l, Results.Ok);
            }

            var view = await organisations.ReadAsync(StaffClaims.Id(user), outcome.Value, ct);
            return Results.Created($"/api/v1/organisations/{outcome.Value}", new OrganisationCreated(outcome.Value, view!.Code));
        })
        .WithSummary("Creates an organisation (name, kind: company or institution) with an unguessable enrolment code.")
        .Produces<OrganisationCreated>(201).ProducesValidationProblem();

        admin.MapPost("/{orgId:guid}/units", async (Guid orgId, UnitInput body, ClaimsPrincipal user, Organisations organisations, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
            ApiResults.From(await organisations.AddUnitAsync(StaffClaims.Id(user), orgId, body, ct), l, id => Results.Created($"/api/v1/organisations/{orgId}", new UnitCreated(id))))
            .WithSummary("Adds a department or a job family (kind, name; headcount for a department).")
            .Produces<UnitCreated>(201).ProducesValidationProblem().ProducesProblem(404);

        admin.MapPut("/{orgId:guid}/units/{unitId:guid}", async (Guid orgId, Guid unitId, UnitInput body, ClaimsPrincipal user, Organisations organisations, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
            ApiResults.From(await organisations.UpdateUnitAsync(StaffClaims.Id(user), orgId, unitId, body, ct), l, _ => Results.NoContent()))
            .WithSummary("Renames a unit or sets a department's headcount.")
            .ProducesValidationProblem().ProducesProblem(404);

        admin.MapPost("/{orgId:guid}/units/{unitId:guid}/merge", async (Guid orgId, Guid unitId, MergeBody body, ClaimsPrincipal user, Organisations organisations, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
            ApiResults.From(await organisations.MergeUnitsAsync(StaffClaims.Id(user), orgId, unitId, body.IntoId, ct), l, _ => Results.NoContent()))
            .WithSummary("Merges the unit into another of the same kind (intoId): its requests and links move there, headcounts add up.")
            .ProducesValidationProblem().ProducesProblem(404);

        admin.MapPut("/{orgId:guid}/agreement", async (Guid orgId, AgreementInput body, ClaimsPrincipal user, Organisations organisations, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
            ApiResults.From(await organisations.SetAgreementAsync(StaffClaims.Id(user), orgId, body, ct), l, _ => Results.NoContent()))
            .WithSummary("Sets the service agreement: start, end, services included (listeningLine, interviews, groups, teamProgrammes), prices (never per person).")
            .ProducesValidationProblem().ProducesProblem(404);

        admin.MapPost("/{orgId:guid}/contacts", async (Guid orgId, AttachContactBody body, ClaimsPrincipal user, Organisations organisations, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
            ApiResults.From(await organisations.SetContactAsync(StaffClaims.Id(user), orgId, body.StaffId, true, ct), l, _ => Results.NoContent()))
            .WithSummary("Attaches an organisation-contact account to the organisation.")
            .ProducesValidationProblem().ProducesProblem(404);

        admin.MapDelete("/{orgId:guid}/contacts/{staffId:guid}", async (Guid orgId, Guid staffId, ClaimsPrincipal user, Organisations organisations, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
            ApiResults.From(await organisations.SetContactAsync(StaffClaims.Id(user), orgId, staffId, false, ct), l, _ => Results.NoContent()))
            .WithSummary("Detaches a contact from the organisation.")
            .ProducesValidationProblem().ProducesProblem(404);

        return app;
    }
}
