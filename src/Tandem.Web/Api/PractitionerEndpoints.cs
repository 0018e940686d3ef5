using System.Security.Claims;
using Microsoft.Extensions.Localization;
using Tandem.Core.Practitioners;
using Tandem.Core.Scheduling;
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
            if (!MaySeeOrEdit(user, userId))
            {
                return ApiResults.NotFound(l);
            }

            var outcome = await profiles.SaveAsync(StaffClaims.Id(user), userId, body, ct);
            return ApiResults.From(outcome, l, Results.Ok);
        })
        .WithSummary("Creates or replaces a practitioner's profile (the practitioner themselves, or an administrator).")
        .Produces<ProfileView>().ProducesValidationProblem().ProducesProblem(404);

        var availability = staff.MapGroup("/{userId:guid}/availability");
        availability.MapGet("/", async (Guid userId, ClaimsPrincipal user, AvailabilityEditor editor, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
            MaySeeOrEdit(user, userId) && await editor.ReadAsync(userId, ct) is { } view ? Results.Ok(view) : ApiResults.NotFound(l))
        .WithSummary("A practitioner's weekly windows, openings, leave and declared prior links (themselves or an administrator).");

        availability.MapPost("/windows", (Guid userId, WindowInput body, ClaimsPrincipal user, AvailabilityEditor editor, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
            AddAsync(user, userId, l, () => editor.AddWindowAsync(StaffClaims.Id(user), userId, body, ct)))
        .WithSummary("Adds a weekly window: day, start and end (service time zone), modality, and for in person a place and its access instructions.");

        availability.MapPost("/openings", (Guid userId, OpeningInput body, ClaimsPrincipal user, AvailabilityEditor editor, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
            AddAsync(user, userId, l, () => editor.AddOpeningAsync(StaffClaims.Id(user), userId, body, ct)))
        .WithSummary("Adds a one-off opening on a date.");

        availability.MapPost("/leaves", (Guid userId, LeaveInput body, ClaimsPrincipal user, AvailabilityEditor editor, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
            AddAsync(user, userId, l, () => editor.AddLeaveAsync(StaffClaims.Id(user), userId, body, ct)))
        .WithSummary("Adds leave (start and end instants): nothing is offered in it.");

        availability.MapPost("/prior-links", (Guid userId, PriorLinkInput body, ClaimsPrincipal user, AvailabilityEditor editor, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
            AddAsync(user, userId, l, () => editor.AddPriorLinkAsync(StaffClaims.Id(user), userId, body, ct)))
        .WithSummary("Declares a prior link with an organisation (or one department): never proposed for its requests.");

        availability.MapDelete("/{itemId:guid}", async (Guid userId, Guid itemId, ClaimsPrincipal user, AvailabilityEditor editor, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
            MaySeeOrEdit(user, userId) && await editor.RemoveAsync(StaffClaims.Id(user), userId, itemId, ct) ? Results.NoContent() : ApiResults.NotFound(l))
        .WithSummary("Removes a window, opening, leave or prior link.");

        return app;
    }

    private static bool MaySeeOrEdit(ClaimsPrincipal user, Guid userId) =>
        user.IsInRole(Roles.Administrator) || StaffClaims.Id(user) == userId;

    private static async Task<IResult> AddAsync(ClaimsPrincipal user, Guid userId, IStringLocalizer localizer, Func<Task<Tandem.Core.Common.Outcome<Guid>>> add) =>
        MaySeeOrEdit(user, userId)
            ? ApiResults.From(await add(), localizer, id => Results.Created($"/api/v1/practitioners/{userId}/availability", new { id }))
            : ApiResults.NotFound(localizer);
}
