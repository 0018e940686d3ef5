using System.Buffers.Text;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using NodaTime;
using Tandem.Core.Common;
using Tandem.Core.Security.Audit;
using Tandem.Core.Staff;

namespace Tandem.Web.Authorization;

/// <summary>What the browser needs to run a WebAuthn ceremony, and the sealed state that comes back with its answer.</summary>
public sealed record KeyCeremony(System.Text.Json.JsonElement Options, string State);

/// <summary>A registered security key, as its owner sees it.</summary>
public sealed record SecurityKeyView(string Id, string Name, Instant AddedAt);

/// <summary>
/// Security keys (WebAuthn, phishing-resistant) as a staff member's second factor, on top of
/// ASP.NET Core Identity's passkey handler: a key is added from the security page, after the
/// password is typed again, and then signs in in place of the TOTP code. The ceremony's state
/// travels with the form, sealed by Data Protection for five minutes and bound to the account, so
/// any instance can finish what another began. The key's public part only is stored.
/// </summary>
public sealed class SecurityKeys(
    IPasskeyHandler<StaffUser> passkeys,
    UserManager<StaffUser> users,
    StaffSignIn signIn,
    Tandem.Core.Mail.Outbox outbox,
    AuditTrail audit,
    IDataProtectionProvider protection,
    TimeProvider time)
{
    public const int MaxNameLength = 60;
    private static readonly TimeSpan StateLifetime = TimeSpan.FromMinutes(5);

    private readonly ITimeLimitedDataProtector _registration = protection.CreateProtector("Tandem.SecurityKeys.Registration").ToTimeLimitedDataProtector();
    private readonly ITimeLimitedDataProtector _assertion = protection.CreateProtector("Tandem.SecurityKeys.Assertion").ToTimeLimitedDataProtector();

    public async Task<IReadOnlyList<SecurityKeyView>> ListAsync(StaffUser user) =>
        (await users.GetPasskeysAsync(user))
            .OrderBy(k => k.CreatedAt)
            .Select(k => new SecurityKeyView(Base64Url.EncodeToString(k.CredentialId), k.Name ?? string.Empty, Instant.FromDateTimeOffset(k.CreatedAt)))
            .ToList();

    public async Task<bool> HasAnyAsync(Guid userId) =>
        await users.FindByIdAsync(userId.ToString()) is { } user && (await users.GetPasskeysAsync(user)).Count > 0;

    /// <summary>The options for <c>navigator.credentials.create()</c>, for this account.</summary>
    public async Task<KeyCeremony> BeginRegistrationAsync(HttpContext context, StaffUser user)
    {
        var entity = new PasskeyUserEntity { Id = user.Id.ToString(), Name = user.Email ?? user.Id.ToString(), DisplayName = user.DisplayName };
        var options = await passkeys.MakeCreationOptionsAsync(entity, context);
        return new KeyCeremony(Json(options.CreationOptionsJson), Seal(_registration, user.Id, options.AttestationState));
    }

    /// <summary>Checks the browser's answer to <see cref="BeginRegistrationAsync"/> and the password, then keeps the key under its name.</summary>
    public async Task<Outcome<SecurityKeyView>> AddAsync(HttpContext context, Guid userId, string? name, string? password, string? credentialJson, string? state, CancellationToken ct)
    {
        var errors = new FieldErrors()
            .AddIf(string.IsNullOrWhiteSpace(name), "name", Messages.Required)
            .AddIf(name is { Length: > MaxNameLength }, "name", Messages.TooLong)
            .AddIf(string.IsNullOrEmpty(password), "password", Messages.Required)
            .AddIf(string.IsNullOrEmpty(credentialJson) || string.IsNullOrEmpty(state), "credential", Messages.SecurityKeyNeedsScript);
        if (errors.Any)
        {
            return Outcome<SecurityKeyView>.Invalid(errors);
        }

        var user = await users.FindByIdAsync(userId.ToString());
        if (user is null || !user.IsActive)
        {
            return Outcome<SecurityKeyView>.Fail(OutcomeStatus.NotFound, Messages.NotFound);
        }

        var checkedPassword = await signIn.CheckCurrentPasswordAsync(user, password, "security_key_add", ct);
        if (!checkedPassword.Succeeded)
        {
            return checkedPassword.Failed<SecurityKeyView>();
        }

        if (Open(_registration, userId, state) is not { } attestationState)
        {
            return Outcome<SecurityKeyView>.Invalid("credential", Messages.SecurityKeyRefused);
        }

        var result = await passkeys.PerformAttestationAsync(new PasskeyAttestationContext { HttpContext = context, CredentialJson = credentialJson!, AttestationState = attestationState });
        if (!result.Succeeded || result.UserEntity.Id != userId.ToString())
        {
            return Outcome<SecurityKeyView>.Invalid("credential", Messages.SecurityKeyRefused);
        }

        var key = result.Passkey;
        key.Name = name!.Trim();
        var added = await users.AddOrUpdatePasskeyAsync(user, key);
        if (!added.Succeeded)
        {
            return Outcome<SecurityKeyView>.Invalid("credential", Messages.SecurityKeyRefused);
        }

        await outbox.NotifyStaffAsync(userId, Tandem.Core.Mail.OutboxKind.StaffSecurityKeyAdded, ct);
        await audit.AppendAsync(AuditTrail.Staff(userId), AuditActions.SecurityKeyAdded, userId.ToString(), null, ct);
        return Outcome<SecurityKeyView>.Ok(new SecurityKeyView(Base64Url.EncodeToString(key.CredentialId), key.Name, Instant.FromDateTimeOffset(key.CreatedAt)));
    }

    /// <summary>Removes one key of the account, once the password is typed again.</summary>
    public async Task<Outcome<bool>> RemoveAsync(Guid userId, string? keyId, string? password, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(keyId))
        {
            return Outcome<bool>.Invalid("keyId", Messages.SecurityKeyToChoose);
        }

        var user = await users.FindByIdAsync(userId.ToString());
        if (user is null || !user.IsActive)
        {
            return Outcome<bool>.Fail(OutcomeStatus.NotFound, Messages.NotFound);
        }

        var checkedPassword = await signIn.CheckCurrentPasswordAsync(user, password, "security_key_remove", ct);
        if (!checkedPassword.Succeeded)
        {
            return checkedPassword;
        }

        if (!TryDecode(keyId, out var credentialId) || await users.GetPasskeyAsync(user, credentialId) is null)
        {
            return Outcome<bool>.Fail(OutcomeStatus.NotFound, Messages.NotFound);
        }

        await users.RemovePasskeyAsync(user, credentialId);
        await outbox.NotifyStaffAsync(userId, Tandem.Core.Mail.OutboxKind.StaffSecurityKeyRemoved, ct);
        await audit.AppendAsync(AuditTrail.Staff(userId), AuditActions.SecurityKeyRemoved, userId.ToString(), null, ct);
        return Outcome<bool>.Ok(true);
    }

    /// <summary>The options for <c>navigator.credentials.get()</c>: the keys of the account whose password was just checked.</summary>
    public async Task<KeyCeremony?> BeginSignInAsync(HttpContext context, Guid userId)
    {
        var user = await users.FindByIdAsync(userId.ToString());
        if (user is null || !user.IsActive)
        {
            return null;
        }

        var options = await passkeys.MakeRequestOptionsAsync(user, context);
        return new KeyCeremony(Json(options.RequestOptionsJson), Seal(_assertion, userId, options.AssertionState));
    }

    /// <summary>The second step with a key: the browser's answer must be a signature by one of this account's keys.</summary>
    public async Task<Outcome<StaffUser>> SignInAsync(HttpContext context, Guid userId, string? credentialJson, string? state, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(credentialJson) || string.IsNullOrEmpty(state))
        {
            return Outcome<StaffUser>.Invalid("credential", Messages.SecurityKeyNeedsScript);
        }

        return await signIn.CheckSecurityKeyAsync(userId, async user =>
        {
            if (Open(_assertion, userId, state) is not { } assertionState)
            {
                return false;
            }

            var result = await passkeys.PerformAssertionAsync(new PasskeyAssertionContext { HttpContext = context, CredentialJson = credentialJson, AssertionState = assertionState });
            if (!result.Succeeded || result.User.Id != userId)
            {
                return false;
            }

            // The key's signature counter moves on: a cloned key that signs with an old count is refused next time.
            return (await users.AddOrUpdatePasskeyAsync(user, result.Passkey)).Succeeded;
        }, ct);
    }

    /// <summary>
    /// The key must have signed for this service's own origin, seen by the browser, and not from a frame
    /// of another site. The request's Origin header cannot be the reference: with the service's
    /// <c>Referrer-Policy: no-referrer</c>, a browser sends <c>Origin: null</c> with a form.
    /// </summary>
    public static ValueTask<bool> IsOwnOrigin(PasskeyOriginValidationContext context)
    {
        var own = Hosting.PublicLinks.Origin(context.HttpContext);
        return ValueTask.FromResult(!context.CrossOrigin && string.Equals(context.Origin, own, StringComparison.OrdinalIgnoreCase));
    }

    private static System.Text.Json.JsonElement Json(string text)
    {
        using var document = System.Text.Json.JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    private string Seal(ITimeLimitedDataProtector protector, Guid userId, string? state) =>
        protector.Protect(userId.ToString() + "\n" + (state ?? string.Empty), time.GetUtcNow() + StateLifetime);

    private string? Open(ITimeLimitedDataProtector protector, Guid userId, string? sealedState)
    {
        try
        {
            var text = protector.Unprotect(sealedState ?? string.Empty, out var expiration);
            var parts = text.Split('\n', 2);
            return expiration > time.GetUtcNow() && parts.Length == 2 && parts[0] == userId.ToString() ? parts[1] : null;
        }
        catch (Exception e) when (e is CryptographicException or FormatException)
        {
            return null;
        }
    }

    private static bool TryDecode(string? text, out byte[] bytes)
    {
        bytes = [];
        if (string.IsNullOrEmpty(text) || text.Length > 2048)
        {
            return false;
        }

        try
        {
            bytes = Base64Url.DecodeFromChars(text);
            return bytes.Length > 0;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
