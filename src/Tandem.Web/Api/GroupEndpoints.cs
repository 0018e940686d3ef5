using System.Security.Claims;
using Microsoft.Extensions.Localization;
using Tandem.Core.Groups;
using Tandem.Web.Authorization;

namespace Tandem.Web.Api;

public sealed record GroupCreated(Guid Id);

public sealed record SessionsCreated(IReadOnlyList<Guid> SessionIds);

public sealed record GroupAttendanceBody(IReadOnlyList<Guid>? Present);

public sealed record GroupAttendanceResult(int Present);

public sealed record EnrolmentBody(Guid? SessionId, string? Pseudonym);

/// <summary>
/// Support groups and workshops. The coordination sets them up and plans sessions; their
/// facilitators record attendance; people join from their space (by pseudonym only) once they had
/// an interview or the pair proposed it.
/// </summary>
internal static class GroupEndpoints
{
    public static IEndpointRouteBuilder MapGroupEndpoints(this IEndpointRouteBuilder app)
    {
        var staff = app.MapGroup("/api/v1/groups").RequireAuthorization(Policies.Provider).WithTags("Groups and workshops");
        var coordination = app.MapGroup("/api/v1/groups").RequireAuthorization(Policies.CoordinatorOrAdministrator).WithTags("Groups and workshops");

        staff.MapGet("/", (ClaimsPrincipal user, GroupActivities groups, CancellationToken ct) => groups.ListAsync(StaffClaims.Id(user), ct))
            .WithSummary("Support groups and workshops: all of them for the coordination and administrators, their own for facilitators.");

        staff.MapGet("/{groupId:guid}", async (Guid groupId, ClaimsPrincipal user, GroupActivities groups, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
            await groups.ReadAsync(StaffClaims.Id(user), groupId, ct) is { } detail ? Results.Ok(detail) : ApiResults.NotFound(l))
            .WithSummary("One support group or workshop with its sessions and its roster (pseudonyms, waiting list, attendance). For its facilitators, the coordination and administrators; anyone else 404.")
            .Produces<GroupActivityDetail>().ProducesProblem(404);

        coordination.MapPost("/", async (ActivityInput body, ClaimsPrincipal user, GroupActivities groups, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
            ApiResults.From(await groups.CreateAsync(StaffClaims.Id(user), body, ct), l, id => Results.Created($"/api/v1/groups/{id}", new GroupCreated(id))))
            .WithSummary("Creates a support group (kind support_group, title, capacity 2 to 12) or a workshop (kind workshop, theme from the catalogue: stress, harassment_rights, after_burnout, conflict, meaning, transition; capacity 2 to 40 per session), with one or two facilitators (practitioner profile ids), in_person with a place or video.")
            .Produces<GroupCreated>(201).ProducesValidationProblem();

        coordination.MapPost("/{groupId:guid}/sessions", async (Guid groupId, SessionsInput body, ClaimsPrincipal user, GroupActivities groups, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
            ApiResults.From(await groups.AddSessionsAsync(StaffClaims.Id(user), groupId, body, ct), l, ids => Results.Created($"/api/v1/groups/{groupId}", new SessionsCreated(ids))))
            .WithSummary("Plans a session (start, minutes; capacity for a workshop session) or, with repeat, a support group's monthly meetings on the same weekday of the month.")
            .Produces<SessionsCreated>(201).ProducesValidationProblem().ProducesProblem(404).ProducesProblem(409);

        coordination.MapDelete("/{groupId:guid}/sessions/{sessionId:guid}", async (Guid groupId, Guid sessionId, ClaimsPrincipal user, GroupActivities groups, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
            ApiResults.From(await groups.CancelSessionAsync(StaffClaims.Id(user), groupId, sessionId, ct), l, _ => Results.NoContent()))
            .WithSummary("Cancels a session for everyone; those with a place are told.")
            .ProducesProblem(404).ProducesProblem(409);

        coordination.MapPost("/{groupId:guid}/close", async (Guid groupId, ClaimsPrincipal user, GroupActivities groups, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
            ApiResults.From(await groups.CloseAsync(StaffClaims.Id(user), groupId, ct), l, _ => Results.NoContent()))
            .WithSummary("Closes it to new members; planned sessions stay.")
            .ProducesProblem(404);

        app.MapPut("/api/v1/groups/{groupId:guid}/sessions/{sessionId:guid}/attendance", async (Guid groupId, Guid sessionId, GroupAttendanceBody body, ClaimsPrincipal user, GroupActivities groups, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
            ApiResults.From(await groups.RecordAttendanceAsync(StaffClaims.Id(user), groupId, sessionId, body.Present, ct), l, n => Results.Ok(new GroupAttendanceResult(n))))
            .RequireAuthorization(Policies.Practitioner).WithTags("Groups and workshops")
            .WithSummary("A facilitator records who came (present: enrolment ids; every other member absent), once the session has begun.")
            .Produces<GroupAttendanceResult>().ProducesValidationProblem().ProducesProblem(404).ProducesProblem(409);

        app.MapPost("/api/v1/cases/{requestId:guid}/groups-proposal", async (Guid requestId, ClaimsPrincipal user, GroupActivities groups, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
            ApiResults.From(await groups.ProposeAsync(StaffClaims.Id(user), requestId, ct), l, _ => Results.NoContent()))
            .RequireAuthorization(Policies.Practitioner).WithTags("Cases")
            .WithSummary("The pair proposes the support group and the workshops: the person may join them from their space.")
            .ProducesProblem(404);

        var space = app.MapGroup("/api/v1/beneficiary").RequireAuthorization(Policies.Beneficiary).WithTags("Beneficiary space");

        space.MapGet("/groups", (ClaimsPrincipal user, GroupEnrolments enrolments, CancellationToken ct) => enrolments.ForSpaceAsync(BeneficiarySessions.SpaceId(user), ct))
            .WithSummary("The support groups and workshops open to the person (after an interview, or when the pair proposed them), with their coming sessions and the person's places; a support group's members by pseudonym.")
            .Produces<SpaceGroups>();

        space.MapPost("/groups/{groupId:guid}/enrolments", async (Guid groupId, EnrolmentBody body, ClaimsPrincipal user, GroupEnrolments enrolments, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
            ApiResults.From(await enrolments.JoinAsync(BeneficiarySessions.SpaceId(user), groupId, body.SessionId, body.Pseudonym, ct), l,
                r => r.Created ? Results.Created("/api/v1/beneficiary/groups", r.Result) : Results.Ok(r.Result)))
            .WithSummary("Joins a support group, or registers for a workshop session (sessionId), under a pseudonym (the space's by default). When it is full: state waiting, with the position; the first waiting is confirmed as soon as a place frees.")
            .Produces<EnrolmentResult>(201).Produces<EnrolmentResult>().ProducesValidationProblem().ProducesProblem(404).ProducesProblem(409);

        space.MapDelete("/enrolments/{enrolmentId:guid}", async (Guid enrolmentId, ClaimsPrincipal user, GroupEnrolments enrolments, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
            ApiResults.From(await enrolments.LeaveAsync(BeneficiarySessions.SpaceId(user), enrolmentId, ct), l, _ => Results.NoContent()))
            .WithSummary("Leaves a support group or gives up a workshop place (or a place on the waiting list); never cancels anything for the others.")
            .ProducesProblem(404).ProducesProblem(409);

        return app;
    }
}
