using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;
using Tandem.Core.Common;
using Tandem.Core.Staff;
using Tandem.Web.Authorization;
using Tandem.Web.Hosting;

namespace Tandem.Web.Api;

public sealed record StaffLoginRequest(string? Email, string? Password, string? Totp);

public sealed record StaffLoginResponse(string Token, DateTimeOffset ExpiresAt, string Role, string Name);

public sealed record StaffCredentials(string? Email, string? Password);

public sealed record EnrolmentResponse(string Secret, string OtpauthUri);

public sealed record RecoveryCodesResponse(IReadOnlyList<string> RecoveryCodes);

public sealed record StaffMeResponse(Guid Id, string Name, string Email, string Role);

public sealed record SetupRequest(string? Token, string? DisplayName, string? Email, string? Password);

public sealed record AcceptInvitationRequest(string? Password);

public sealed record CreatedAccountResponse(Guid UserId);

internal static class StaffEndpoints
{
    public static IEndpointRouteBuilder MapStaffEndpoints(this IEndpointRouteBuilder app)
    {
        var open = app.MapGroup("/api/v1").AllowAnonymous().RequireRateLimiting(AuthHosting.SignInRateLimit).WithTags("Staff accounts");

        open.MapPost("/staff/login", async (StaffLoginRequest body, StaffSignIn signIn, StaffTokens tokens, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
        {
            var outcome = await signIn.SignInAsync(body.Email, body.Password, body.Totp, ct);
            if (!outcome.Succeeded)
            {
                return ApiResults.From(outcome, l, _ => Results.Empty);
            }

            var (token, expires) = await tokens.IssueAsync(outcome.Value!);
            return Results.Ok(new StaffLoginResponse(token, expires, outcome.Value!.Role, outcome.Value.DisplayName));
        })
        .WithSummary("Staff sign-in: e-mail, password and TOTP (or a recovery code); answers a bearer token.")
        .Produces<StaffLoginResponse>().ProducesValidationProblem().ProducesProblem(401).ProducesProblem(429);

        open.MapPost("/staff/enrolment", async (StaffCredentials body, StaffSignIn signIn, TotpEnrolment enrolment, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
        {
            var checkedPassword = await signIn.CheckPasswordAsync(body.Email, body.Password, ct);
            if (!checkedPassword.Succeeded)
            {
                return ApiResults.From(checkedPassword, l, _ => Results.Empty);
            }

            var started = await enrolment.BeginAsync(checkedPassword.Value!.UserId, ct);
            return ApiResults.From(started, l, s => Results.Ok(new EnrolmentResponse(s.Secret, s.ProvisioningUri)));
        })
        .WithSummary("First sign-in of an account without a second factor: answers the TOTP secret to enrol.")
        .Produces<EnrolmentResponse>().ProducesValidationProblem().ProducesProblem(401).ProducesProblem(409);

        open.MapPost("/staff/enrolment/confirm", async (StaffLoginRequest body, StaffSignIn signIn, TotpEnrolment enrolment, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
        {
            var checkedPassword = await signIn.CheckPasswordAsync(body.Email, body.Password, ct);
            if (!checkedPassword.Succeeded)
            {
                return ApiResults.From(checkedPassword, l, _ => Results.Empty);
            }

            var done = await enrolment.ConfirmAsync(checkedPassword.Value!.UserId, body.Totp, ct);
            return ApiResults.From(RenameCodeField(done), l, d => Results.Ok(new RecoveryCodesResponse(d.RecoveryCodes)));
        })
        .WithSummary("Confirms the enrolment with a first code; answers ten recovery codes, shown once.")
        .Produces<RecoveryCodesResponse>().ProducesValidationProblem().ProducesProblem(401).ProducesProblem(409);

        open.MapPost("/setup", async (SetupRequest body, FirstAdministratorSetup setup, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
        {
            var outcome = await setup.CompleteAsync(body.Token, body.DisplayName, body.Email, body.Password, null, ct);
            return ApiResults.From(outcome, l, u => Results.Created($"/api/v1/staff/{u.Id}", new CreatedAccountResponse(u.Id)));
        })
        .WithSummary("Creates the first administrator with the one-time set-up link's token.")
        .Produces<CreatedAccountResponse>(201).ProducesValidationProblem().ProducesProblem(404);

        open.MapPost("/invitations/{token}/accept", async (string token, AcceptInvitationRequest body, Invitations invitations, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
        {
            var outcome = await invitations.AcceptAsync(token, body.Password, null, ct);
            return ApiResults.From(outcome, l, u => Results.Created($"/api/v1/staff/{u.Id}", new CreatedAccountResponse(u.Id)));
        })
        .WithSummary("Accepts an invitation by choosing a password; the second factor is enrolled next.")
        .Produces<CreatedAccountResponse>(201).ProducesValidationProblem().ProducesProblem(404);

        var staff = app.MapGroup("/api/v1/staff").RequireAuthorization(Policies.Staff).WithTags("Staff accounts");
        staff.MapGet("/me", async (ClaimsPrincipal principal, UserManager<StaffUser> users, IStringLocalizer<SharedResource> l) =>
        {
            var user = await users.GetUserAsync(principal);
            return user is null
                ? ApiResults.NotFound(l)
                : Results.Ok(new StaffMeResponse(user.Id, user.DisplayName, user.Email ?? string.Empty, user.Role));
        })
        .WithSummary("The signed-in staff member.")
        .Produces<StaffMeResponse>();

        return app;
    }

    /// <summary>The API names the code field <c>totp</c>, as in the login body.</summary>
    private static Outcome<T> RenameCodeField<T>(Outcome<T> outcome)
    {
        if (outcome.Status != OutcomeStatus.Invalid)
        {
            return outcome;
        }

        var errors = new FieldErrors();
        foreach (var (field, keys) in outcome.Errors)
        {
            foreach (var key in keys)
            {
                errors.Add(field == "code" ? "totp" : field, key);
            }
        }

        return Outcome<T>.Invalid(errors);
    }
}
