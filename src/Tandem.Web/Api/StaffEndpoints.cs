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

public sealed record PasswordChangeRequest(string? CurrentPassword, string? Password, string? PasswordConfirmation);

public sealed record StaffSessionResponse(Guid Id, string Kind, string Device, NodaTime.Instant StartedAt, NodaTime.Instant LastSeenAt, NodaTime.Instant ExpiresAt, bool Current);

public sealed record SessionEndRequest(string? Password);

public sealed record SecurityKeyResponse(string Id, string Name, NodaTime.Instant AddedAt);

public sealed record SecurityKeyRequest(string? Name, string? Password, System.Text.Json.JsonElement? Credential, string? State);

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

        open.MapPost("/password-resets/{token}", async (string token, AcceptInvitationRequest body, PasswordResets resets, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
            ApiResults.From(await resets.CompleteAsync(token, body.Password, null, ct), l, _ => Results.NoContent()))
        .WithSummary("Chooses a new password with the single-use link an administrator issued; the second factor is still asked at sign-in.")
        .ProducesValidationProblem().ProducesProblem(404);

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

        staff.MapPut("/me/password", async (PasswordChangeRequest body, ClaimsPrincipal principal, StaffPasswordChange passwords, StaffTokens tokens, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
        {
            var outcome = await passwords.ChangeAsync(StaffClaims.Id(principal), body.CurrentPassword, body.Password, body.PasswordConfirmation, ct);
            if (!outcome.Succeeded)
            {
                return ApiResults.From(outcome, l, _ => Results.Ok());
            }

            var (token, expiresAt) = await tokens.IssueAsync(outcome.Value!);
            return Results.Ok(new StaffLoginResponse(token, expiresAt, outcome.Value!.Role, outcome.Value.DisplayName));
        })
        .WithSummary("Changes the signed-in staff member's password (currentPassword, password, passwordConfirmation?). Every other session and token of the account ends; the answer carries a new token.")
        .Produces<StaffLoginResponse>().ProducesValidationProblem().ProducesProblem(429);

        staff.MapGet("/me/sessions", async (ClaimsPrincipal principal, StaffSessionRegistry registry, CancellationToken ct) =>
        {
            var current = StaffClaims.SessionId(principal);
            var sessions = await registry.ListAsync(StaffClaims.Id(principal), ct);
            return Results.Ok(sessions.Select(s => new StaffSessionResponse(
                s.Id, s.Kind == StaffSessionKind.Api ? "api" : "browser", s.Device,
                s.StartedAt, s.LastSeenAt, s.ExpiresAt, s.Id == current)).ToList());
        })
        .WithSummary("The signed-in staff member's live sessions: each browser signed in and each API token, the most recently used first, with a coarse device name (never an address).")
        .Produces<List<StaffSessionResponse>>();

        staff.MapPost("/me/sessions/{sessionId:guid}/end", async (Guid sessionId, SessionEndRequest body, ClaimsPrincipal principal, StaffSessionRegistry registry, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
            ApiResults.From(await registry.EndAsync(StaffClaims.Id(principal), StaffClaims.SessionId(principal), sessionId, body.Password, ct), l, _ => Results.NoContent()))
        .WithSummary("Ends one session of the signed-in staff member (password again in the body): its cookie or token stops working at once.")
        .ProducesValidationProblem().ProducesProblem(404).ProducesProblem(429);

        staff.MapPost("/me/sessions/others/end", async (SessionEndRequest body, ClaimsPrincipal principal, StaffSessionRegistry registry, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
            ApiResults.From(await registry.EndAsync(StaffClaims.Id(principal), StaffClaims.SessionId(principal), null, body.Password, ct), l, _ => Results.NoContent()))
        .WithSummary("Ends every session of the signed-in staff member but the one calling (password again in the body).")
        .ProducesValidationProblem().ProducesProblem(429);

        staff.MapGet("/me/security-keys", async (ClaimsPrincipal principal, UserManager<StaffUser> users, SecurityKeys keys) =>
            await users.GetUserAsync(principal) is { } user
                ? Results.Ok((await keys.ListAsync(user)).Select(k => new SecurityKeyResponse(k.Id, k.Name, k.AddedAt)).ToList())
                : Results.NotFound())
        .WithSummary("The signed-in staff member's security keys (WebAuthn): id (the credential id, base64url), name, when added.")
        .Produces<List<SecurityKeyResponse>>();

        staff.MapPost("/me/security-keys/options", async (HttpContext http, ClaimsPrincipal principal, UserManager<StaffUser> users, SecurityKeys keys) =>
        {
            if (await users.GetUserAsync(principal) is not { } user)
            {
                return Results.NotFound();
            }

            var ceremony = await keys.BeginRegistrationAsync(http, user);
            return Results.Ok(ceremony);
        })
        .WithSummary("Starts adding a security key: options for navigator.credentials.create(), and a sealed state valid five minutes, to send back with the key's answer.")
        .Produces<KeyCeremony>();

        staff.MapPost("/me/security-keys", async (SecurityKeyRequest body, HttpContext http, ClaimsPrincipal principal, SecurityKeys keys, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
            ApiResults.From(
                await keys.AddAsync(http, StaffClaims.Id(principal), body.Name, body.Password, body.Credential?.GetRawText(), body.State, ct), l,
                k => Results.Created((string?)null, new SecurityKeyResponse(k.Id, k.Name, k.AddedAt))))
        .WithSummary("Adds a security key: name, password (typed again), credential (the JSON of navigator.credentials.create()'s answer) and the state from /options. The request's Origin must be the service's.")
        .Produces<SecurityKeyResponse>(201).ProducesValidationProblem().ProducesProblem(429);

        staff.MapPost("/me/security-keys/{keyId}/remove", async (string keyId, SessionEndRequest body, ClaimsPrincipal principal, SecurityKeys keys, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
            ApiResults.From(await keys.RemoveAsync(StaffClaims.Id(principal), keyId, body.Password, ct), l, _ => Results.NoContent()))
        .WithSummary("Removes one security key of the signed-in staff member (password typed again in the body).")
        .ProducesValidationProblem().ProducesProblem(404).ProducesProblem(429);

        staff.MapPost("/me/sessions/end", async (ClaimsPrincipal principal, StaffPasswordChange passwords, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
            ApiResults.From(await passwords.EndSessionsAsync(StaffClaims.Id(principal), ct), l, _ => Results.NoContent()))
        .WithSummary("Signs the account out everywhere: every cookie and token, this one included, stops working.");

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
