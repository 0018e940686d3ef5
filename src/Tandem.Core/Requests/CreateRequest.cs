using Microsoft.EntityFrameworkCore;
using NodaTime;
using Tandem.Core.Common;
using Tandem.Core.Data;
using Tandem.Core.Organisations;
using Tandem.Core.Security.Audit;
using Tandem.Core.Security.Encryption;

namespace Tandem.Core.Requests;

/// <summary>What a person fills in to ask for help. Every field but the themes and the modality is optional.</summary>
public sealed record NewRequest(
    string? Pseudonym,
    IReadOnlyList<string>? Themes,
    bool Collective,
    int? Participants,
    Modality? Modality,
    bool LongInterviewAvailable,
    string? OrganisationCode,
    Guid? Department,
    Guid? JobFamily,
    string? Message,
    bool Crisis);

public sealed record RequestCreated(Guid RequestId, string AccessCode, RequestStatus Status, bool Urgent);

/// <summary>
/// Opens a request and the anonymous space that holds it. Nothing identifying is kept:
/// no address, no device, no name unless the person typed one as a pseudonym (sealed).
/// </summary>
public sealed class CreateRequest(TandemDbContext db, EnvelopeCrypto crypto, Mail.Outbox outbox, AuditTrail audit, IntakeSettings intake, IClock clock)
{
    public const int MaxMessageLength = 5000;
    public const int MaxPseudonymLength = 40;
    public const int MaxParticipants = 30;

    public static string MessagePurpose(Guid requestId) => $"request.message:{requestId:D}";

    public static string PseudonymPurpose(Guid spaceId) => $"space.pseudonym:{spaceId:D}";

    /// <summary>Checks the form without saving anything: used before the code is shown, and again on creation.</summary>
    public async Task<(FieldErrors Errors, Organisation? Organisation)> ValidateAsync(NewRequest input, CancellationToken ct = default)
    {
        var errors = new FieldErrors();
        if (input.Themes is null || input.Themes.Count == 0)
        {
            errors.Add("themes", RequestMessages.ThemesRequired);
        }
        else if (input.Themes.Any(t => !Themes.IsKnown(t)))
        {
            errors.Add("themes", RequestMessages.ThemeUnknown);
        }

        if (input.Modality is null || !Enum.IsDefined(input.Modality.Value))
        {
            errors.Add("modality", RequestMessages.ModalityRequired);
        }

        if (input.Collective)
        {
            if (input.Participants is not { } n || n < 2 || n > MaxParticipants)
            {
                errors.Add("participants", RequestMessages.ParticipantsRange);
            }
        }
        else if (input.Participants is { } n && n != 1)
        {
            errors.Add("participants", RequestMessages.ParticipantsAlone);
        }

        if (input.Pseudonym is { } pseudonym && pseudonym.Trim().Length > MaxPseudonymLength)
        {
            errors.Add("pseudonym", Messages.TooLong);
        }

        if (input.Message is { } message && message.Length > MaxMessageLength)
        {
            errors.Add("message", RequestMessages.MessageTooLong);
        }

        Organisation? organisation = null;
        if (!string.IsNullOrWhiteSpace(input.OrganisationCode))
        {
            var code = Security.SecretTokens.NormaliseTypedCode(input.OrganisationCode);
            organisation = code.Length > 32 ? null : await db.Organisations.AsNoTracking().Include(o => o.Units).FirstOrDefaultAsync(o => o.Code == code, ct);
            if (organisation is null)
            {
                errors.Add("organisationCode", RequestMessages.OrganisationUnknown);
            }
        }

        CheckUnit(errors, organisation, input.Department, UnitKind.Department, "department", input.OrganisationCode);
        CheckUnit(errors, organisation, input.JobFamily, UnitKind.JobFamily, "jobFamily", input.OrganisationCode);
        return (errors, organisation);
    }

    public async Task<Outcome<RequestCreated>> CreateAsync(NewRequest input, AccessCode? chosenCode = null, CancellationToken ct = default)
    {
        var (errors, organisation) = await ValidateAsync(input, ct);
        if (errors.Any)
        {
            return Outcome<RequestCreated>.Invalid(errors);
        }

        var now = clock.GetCurrentInstant();
        if (await IsSaturatedAsync(now, ct))
        {
            return Outcome<RequestCreated>.Fail(OutcomeStatus.Throttled, RequestMessages.IntakeSaturated);
        }

        var code = chosenCode ?? AccessCodes.New();
        var (hash, salt) = await AccessCodes.HashAsync(code, ct);

        var spaceKey = crypto.NewDataKey();
        var requestKey = crypto.NewDataKey();
        var space = new BeneficiarySpace
        {
            Id = Guid.NewGuid(),
            CodeLookup = code.Lookup,
            CodeHash = hash,
            CodeSalt = salt,
            DataKeyId = spaceKey.Id,
            CreatedAt = now,
            Stamp = Guid.NewGuid(),
        };
        if (!string.IsNullOrWhiteSpace(input.Pseudonym))
        {
            space.Pseudonym = crypto.Seal(spaceKey, input.Pseudonym.Trim(), PseudonymPurpose(space.Id));
        }

        var request = new SupportRequest
        {
            Id = Guid.NewGuid(),
            SpaceId = space.Id,
            DataKeyId = requestKey.Id,
            Collective = input.Collective,
            Participants = input.Collective ? input.Participants!.Value : 1,
            Modality = input.Modality!.Value,
            LongInterviewAvailable = input.LongInterviewAvailable,
            OrganisationId = organisation?.Id,
            DepartmentId = organisation is null ? null : input.Department,
            JobFamilyId = organisation is null ? null : input.JobFamily,
            Urgent = input.Crisis,
            CreatedAt = now,
        };
        request.Themes.AddRange(input.Themes!.Distinct(StringComparer.Ordinal).Select(t => new RequestTheme { RequestId = request.Id, Code = t }));
        if (!string.IsNullOrWhiteSpace(input.Message))
        {
            request.Message = crypto.Seal(requestKey, input.Message.Trim(), MessagePurpose(request.Id));
        }

        db.DataKeys.AddRange(spaceKey, requestKey);
        db.BeneficiarySpaces.Add(space);
        db.Requests.Add(request);
        outbox.NewRequest();
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException) when (chosenCode is null)
        {
            // The first group of the code met an existing space (about one chance in 33 million): draw again.
            db.ChangeTracker.Clear();
            return await CreateAsync(input, null, ct);
        }

        await audit.AppendAsync(AuditTrail.Beneficiary, RequestAuditActions.Created, request.Id.ToString(),
            new Dictionary<string, string?> { ["urgent"] = request.Urgent ? "true" : "false" }, ct);
        return Outcome<RequestCreated>.Ok(new RequestCreated(request.Id, code.Display, request.Status, request.Urgent));
    }

    /// <summary>
    /// The global cap: counted from the requests table, so every instance sees the same
    /// figure. Two instances racing at the edge may let one or two more through; it is a
    /// guard against a flood, not a quota.
    /// </summary>
    private async Task<bool> IsSaturatedAsync(Instant now, CancellationToken ct)
    {
        var since = now - Duration.FromHours(1);
        return await db.Requests.CountAsync(r => r.CreatedAt > since, ct) >= intake.RequestsPerHour;
    }

    private static void CheckUnit(FieldErrors errors, Organisation? organisation, Guid? unitId, UnitKind kind, string field, string? organisationCode)
    {
        if (unitId is not { } id)
        {
            return;
        }

        if (string.IsNullOrWhiteSpace(organisationCode))
        {
            errors.Add(field, RequestMessages.UnitWithoutOrganisation);
        }
        else if (organisation is not null && !organisation.Units.Any(u => u.Id == id && u.Kind == kind))
        {
            errors.Add(field, RequestMessages.UnitUnknown);
        }
    }
}

/// <summary>Message keys of the request feature.</summary>
public static class RequestMessages
{
    public const string ThemesRequired = "Error.ThemesRequired";
    public const string ThemeUnknown = "Error.ThemeUnknown";
    public const string ModalityRequired = "Error.ModalityRequired";
    public const string ParticipantsRange = "Error.ParticipantsRange";
    public const string ParticipantsAlone = "Error.ParticipantsAlone";
    public const string MessageTooLong = "Error.MessageTooLong";
    public const string OrganisationUnknown = "Error.OrganisationUnknown";
    public const string UnitUnknown = "Error.UnitUnknown";
    public const string UnitWithoutOrganisation = "Error.UnitWithoutOrganisation";
    public const string AccessCodeInvalid = "Error.AccessCodeInvalid";
    public const string AccessCodeThrottled = "Error.AccessCodeThrottled";
    public const string IntakeSaturated = "Error.IntakeSaturated";
    public const string CodeConfirmationMismatch = "Error.CodeConfirmationMismatch";
    public const string OutcomeRequired = "Error.OutcomeRequired";
    public const string SignpostRequired = "Error.SignpostRequired";
    public const string ReasonRequired = "Error.ReasonRequired";
    public const string AlreadyTriaged = "Error.AlreadyTriaged";
    public const string ContactKindRequired = "Error.ContactKindRequired";
    public const string PhoneInvalid = "Error.PhoneInvalid";
}

public static class RequestAuditActions
{
    public const string Created = "request.created";
    public const string Triaged = "request.triaged";
    public const string Read = "request.read";
    public const string SpaceSignedIn = "space.signed_in";
    public const string SpaceSignInFailed = "space.sign_in_failed";
    public const string SpaceErased = "space.erased";
    public const string MessageSent = "request.message_sent";
    public const string ContactSet = "space.contact_set";
    public const string ContactRemoved = "space.contact_removed";
}
