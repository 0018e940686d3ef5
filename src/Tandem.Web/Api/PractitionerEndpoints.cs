using System.Security.Claims;
using Microsoft.Extensions.Localization;
using Tandem.Core.Practitioners;
using Tandem.Core.Security;
using Tandem.Web.Authorization;

namespace Tandem.Web.Api;

internal static class PractitionerEndpoints
{
    public static IEndpointRouteBuilder MapPractitionerEndpoints(this IEndpointRouteBuilder app)
    {
        var open = app.MapGroup("/api/v1/practitioners").AllowAnonymous().WithTags("Practitioners");
        open.MapGet("/", (PractitionerProfiles profiles, CancellationToken ct) => profiles.PublicListAsync(ct))
            .WithSummary("The practitioners, named publicly with their disciplines, languages and modalities.");

        var staff = app.MapGroup("/api/v1/practitioners").RequireAuthorization(Policies.Staff).WithTags("Practitioners");

        // An administrator edits any practitioner's profile; a practitioner their own. Anyone else: 404.
        staff.MapPut("/{userId:guid}/profile", async (Guid userId, ProfileInput body, ClaimsPrincipal user, PractitionerProfiles profiles, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
        {
            var actor = StaffClaims.Id(user);
            if (!user.IsInRole(Roles.Administrator) && actor != userId)
            {
                return ApiResults.NotFound(l);
            }

            var outcome = await profiles.SaveAsync(actor, userId, body, ct);
            return ApiResults.From(outcome, l, Results.Ok);
        })
        .WithSummary("Creates or replaces a practitioner's profile (the practitioner themselves, or an administrator).")
        .Produces<ProfileView>().ProducesValidationProblem().ProducesProblem(404);

        return app;
    }
}
