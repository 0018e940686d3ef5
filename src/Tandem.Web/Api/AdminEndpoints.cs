using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using NodaTime;
using Tandem.Core.Data;
using Tandem.Core.Security.Audit;
using Tandem.Core.Staff;
using Tandem.Web.Authorization;
using Tandem.Web.Hosting;

namespace Tandem.Web.Api;

public sealed record InviteRequest(string? DisplayName, string? Email, string? Role);

public sealed record InvitationResponse(Guid InvitationId, string Link, Instant ExpiresAt);

public sealed record RoleChangeRequest(string? Role);

public sealed record AuditEntryResponse(long Sequence, Instant At, string Actor, string Action, string? Target, string? Details, string Hash);

public sealed record PasswordResetLinkResponse(string Link, DateTimeOffset ExpiresAt);

internal static class AdminEndpoints
{
    public static IEndpointRouteBuilder MapAdminEndpoints(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/v1/admin").RequireAuthorization(Policies.Administrator).WithTags("Administration");

        admin.MapGet("/staff", (StaffDirectory directory, CancellationToken ct) => directory.ListAsync(ct))
            .WithSummary("Every staff account with its role and state.");

        admin.MapGet("/invitations", (Invitations invitations, CancellationToken ct) => invitations.PendingAsync(ct))
            .WithSummary("Invitations not yet used, revoked or expired.");

        admin.MapPost("/invitations", async (InviteRequest body, ClaimsPrincipal user, HttpContext http, Invitations invitations, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
        {
            var outcome = await invitations.InviteAsync(StaffClaims.Id(user), body.DisplayName, body.Email, body.Role, ct);
            return ApiResults.From(outcome, l, issued => Results.Created(
                $"/api/v1/admin/invitations/{issued.InvitationId}",
                new InvitationResponse(issued.InvitationId, PublicLinks.Invitation(http, issued.Token), issued.ExpiresAt)));
        })
        .WithSummary("Invites a staff member: answers a single-use link valid three days.")
        .Produces<InvitationResponse>(201).ProducesValidationProblem();

        admin.MapDelete("/invitations/{id:guid}", async (Guid id, ClaimsPrincipal user, Invitations invitations, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
            await invitations.RevokeAsync(StaffClaims.Id(user), id, ct) ? Results.NoContent() : ApiResults.NotFound(l))
        .WithSummary("Revokes an unused invitation.");

        admin.MapPut("/staff/{id:guid}/role", async (Guid id, RoleChangeRequest body, ClaimsPrincipal user, StaffDirectory directory, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
            ApiResults.From(await directory.ChangeRoleAsync(StaffClaims.Id(user), id, body.Role, ct), l, Results.Ok))
        .WithSummary("Changes a staff member's role; the last active administrator keeps theirs.");

        admin.MapPost("/staff/{id:guid}/deactivate", async (Guid id, ClaimsPrincipal user, StaffDirectory directory, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
            ApiResults.From(await directory.SetActiveAsync(StaffClaims.Id(user), id, false, ct), l, Results.Ok))
        .WithSummary("Deactivates an account: its sessions and tokens stop working.");

        admin.MapPost("/staff/{id:guid}/reactivate", async (Guid id, ClaimsPrincipal user, StaffDirectory directory, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
            ApiResults.From(await directory.SetActiveAsync(StaffClaims.Id(user), id, true, ct), l, Results.Ok))
        .WithSummary("Reactivates an account.");

        admin.MapPost("/staff/{id:guid}/reset-second-factor", async (Guid id, ClaimsPrincipal user, StaffDirectory directory, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
            ApiResults.From(await directory.ResetSecondFactorAsync(StaffClaims.Id(user), id, ct), l, Results.Ok))
        .WithSummary("Clears a lost second factor: the person enrols again at next sign-in.");

        admin.MapPost("/staff/{id:guid}/password-reset", async (Guid id, ClaimsPrincipal user, PasswordResets resets, HttpContext http, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
            ApiResults.From(await resets.IssueAsync(StaffClaims.Id(user), id, ct), l,
                issued => Results.Created((string?)null, new PasswordResetLinkResponse(PublicLinks.PasswordReset(http, issued.Token), issued.ExpiresAt.ToDateTimeOffset()))))
        .WithSummary("A forgotten password: a single-use link, valid 24 hours, for the person to choose a new one (shown once). The second factor stays required; every session of the account ends when it is used.")
        .Produces<PasswordResetLinkResponse>(201).ProducesProblem(404);

        admin.MapGet("/suited-pairs", (Tandem.Core.Scheduling.SuitedPairs pairs, CancellationToken ct) => pairs.ListAsync(ct))
            .WithSummary("Which two disciplines suit which theme (suited pairs are offered first).");

        admin.MapPost("/suited-pairs", async (Tandem.Core.Scheduling.SuitedPairInput body, ClaimsPrincipal user, Tandem.Core.Scheduling.SuitedPairs pairs, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
            ApiResults.From(await pairs.AddAsync(StaffClaims.Id(user), body, ct), l, id => Results.Created($"/api/v1/admin/suited-pairs/{id}", new { id })))
        .WithSummary("Adds a rule: theme, disciplineA, disciplineB.");

        admin.MapDelete("/suited-pairs/{id:int}", async (int id, ClaimsPrincipal user, Tandem.Core.Scheduling.SuitedPairs pairs, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
            await pairs.RemoveAsync(StaffClaims.Id(user), id, ct) ? Results.NoContent() : ApiResults.NotFound(l))
        .WithSummary("Removes a rule.");

        admin.MapGet("/audit", async (long? before, int? limit, AuditVerifier verifier, CancellationToken ct) =>
            (await verifier.PageAsync(before, limit ?? 100, ct))
                .Select(e => new AuditEntryResponse(e.Sequence, e.At, e.Actor, e.Action, e.Target, e.Details, e.Hash)).ToList())
        .WithSummary("The audit chain, newest first, by pages.");

        admin.MapPost("/audit/verification", async (ClaimsPrincipal user, AuditVerifier verifier, CancellationToken ct) =>
            Results.Ok(await verifier.VerifyForAsync(StaffClaims.Id(user), ct)))
        .WithSummary("Walks the audit chain and names the first broken entry, if any.");

        return app;
    }
}
