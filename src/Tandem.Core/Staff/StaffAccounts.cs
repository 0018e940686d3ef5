using System.Net.Mail;
using Microsoft.AspNetCore.Identity;
using NodaTime;
using Tandem.Core.Common;
using Tandem.Core.Security;

namespace Tandem.Core.Staff;

/// <summary>Creates staff accounts with the same rules whichever door they come through (set-up, invitation, demo).</summary>
public sealed class StaffAccounts(UserManager<StaffUser> users, IClock clock)
{
    public const int MinPasswordLength = 12;
    public const int MaxNameLength = 120;
    public const int MaxEmailLength = 254;

    public static FieldErrors ValidateIdentity(string? displayName, string? email)
    {
        var errors = new FieldErrors();
        if (string.IsNullOrWhiteSpace(displayName))
        {
            errors.Add("displayName", Messages.Required);
        }
        else if (displayName.Trim().Length > MaxNameLength)
        {
            errors.Add("displayName", Messages.TooLong);
        }

        if (string.IsNullOrWhiteSpace(email))
        {
            errors.Add("email", Messages.Required);
        }
        else if (!IsEmail(email))
        {
            errors.Add("email", Messages.InvalidEmail);
        }

        return errors;
    }

    /// <summary>Words of the service itself, refused inside any password (with the person's own name and address).</summary>
    public static readonly IReadOnlyList<string> ServiceWords = ["tandem", "ecoute", "écoute", "binome", "binôme"];

    /// <summary>
    /// zxcvbn's score (0 to 4) a password must reach: 3 is "safely unguessable" for an attacker
    /// who stole the hashes, well beyond the most common passwords, which score 0.
    /// </summary>
    public const int MinPasswordScore = 3;

    /// <summary>
    /// At least 12 characters of any kind, at most 256; none of the words a guesser tries first
    /// (the service's own words, and the parts, 4 letters or more, of the person's name and e-mail
    /// address); and not common or built on a simple pattern.
    /// </summary>
    public static FieldErrors ValidatePassword(string? password, string? confirmation, FieldErrors? into = null, params string?[] context)
    {
        var errors = into ?? new FieldErrors();
        if (string.IsNullOrEmpty(password))
        {
            errors.Add("password", Messages.Required);
        }
        else if (password.Length < MinPasswordLength)
        {
            errors.Add("password", Messages.PasswordTooShort);
        }
        else if (password.Length > 256)
        {
            errors.Add("password", Messages.TooLong);
        }
        else if (Guessable(password, context))
        {
            errors.Add("password", Messages.PasswordGuessable);
        }
        else if (Common(password, context))
        {
            errors.Add("password", Messages.PasswordCommon);
        }
        else if (confirmation is not null && !string.Equals(password, confirmation, StringComparison.Ordinal))
        {
            errors.Add("passwordConfirmation", Messages.PasswordsDiffer);
        }

        return errors;
    }

    /// <summary>The service's words and the parts, 4 letters or more, of the person's name and address.</summary>
    private static IEnumerable<string> OwnWords(string?[] context) => context.OfType<string>()
        .SelectMany(c => c.ToLowerInvariant().Split([' ', '.', '-', '_', '@', '+', '\''], StringSplitOptions.RemoveEmptyEntries))
        .Where(w => w.Length >= 4)
        .Concat(ServiceWords);

    private static bool Guessable(string password, string?[] context)
    {
        var lowered = password.ToLowerInvariant();
        return OwnWords(context).Any(w => lowered.Contains(w, StringComparison.Ordinal));
    }

    /// <summary>
    /// zxcvbn (Dropbox's estimator, bundled with its lists: some 30,000 most common passwords, English
    /// words, first names and surnames) estimates how soon a guesser would find it: a common password,
    /// a keyboard run (azertyuiop, 123456), a repetition, a name and a year all score low, long passphrases
    /// high. The person's own words are given to it as a list of their own, so "S1d0n1e" is seen through
    /// too. Nothing leaves the process. The lists are read for each call (some 30 ms) and not kept:
    /// a password is set rarely, and the memory is worth more the rest of the time.
    /// </summary>
    private static bool Common(string password, string?[] context) =>
        Zxcvbn.Zxcvbn.MatchPassword(password, OwnWords(context).Distinct(StringComparer.Ordinal)).Score < MinPasswordScore;

    public static bool IsEmail(string value)
    {
        var trimmed = value.Trim();
        return trimmed.Length <= MaxEmailLength
            && !trimmed.Any(char.IsWhiteSpace)
            && MailAddress.TryCreate(trimmed, out var address)
            && string.Equals(address.Address, trimmed, StringComparison.OrdinalIgnoreCase)
            && address.Host.Contains('.', StringComparison.Ordinal);
    }

    /// <summary>Creates an active account in one role; its second factor is enrolled at first sign-in.</summary>
    public async Task<Outcome<StaffUser>> CreateAsync(string displayName, string email, string password, string role)
    {
        if (!Roles.IsKnown(role))
        {
            return Outcome<StaffUser>.Invalid("role", Messages.UnknownRole);
        }

        var trimmedEmail = email.Trim();
        var user = new StaffUser
        {
            Id = Guid.NewGuid(),
            DisplayName = displayName.Trim(),
            Email = trimmedEmail,
            UserName = trimmedEmail,
            EmailConfirmed = true,
            Role = role,
            CreatedAt = clock.GetCurrentInstant(),
            LockoutEnabled = false,
        };

        var created = await users.CreateAsync(user, password);
        if (!created.Succeeded)
        {
            var errors = new FieldErrors();
            foreach (var error in created.Errors)
            {
                switch (error.Code)
                {
                    case nameof(IdentityErrorDescriber.DuplicateEmail):
                    case nameof(IdentityErrorDescriber.DuplicateUserName):
                        errors.Add("email", Messages.EmailTaken);
                        break;
                    case nameof(IdentityErrorDescriber.InvalidEmail):
                    case nameof(IdentityErrorDescriber.InvalidUserName):
                        errors.Add("email", Messages.InvalidEmail);
                        break;
                    default:
                        errors.Add("password", Messages.PasswordTooShort);
                        break;
                }
            }

            return Outcome<StaffUser>.Invalid(errors);
        }

        var inRole = await users.AddToRoleAsync(user, role);
        if (!inRole.Succeeded)
        {
            throw new InvalidOperationException($"Role {role} is missing from the database.");
        }

        return Outcome<StaffUser>.Ok(user);
    }
}
