using Microsoft.EntityFrameworkCore;
using NodaTime;
using Tandem.Core.Common;
using Tandem.Core.Data;
using Tandem.Core.Security;
using Tandem.Core.Security.Audit;
using Tandem.Core.Security.Encryption;

namespace Tandem.Core.Requests;

/// <summary>Who a beneficiary session is: the space, and its stamp at sign-in (erasure changes it).</summary>
public sealed record SpaceSession(Guid SpaceId, Guid Stamp);

public sealed record SpaceMessageView(Guid Id, bool FromCoordination, string Text, Instant SentAt);

public sealed record SpaceRequestView(
    Guid RequestId,
    RequestStatus Status,
    bool Urgent,
    IReadOnlyList<string> Themes,
    bool Collective,
    int Participants,
    Modality Modality,
    bool LongInterviewAvailable,
    string? Message,
    string? SignpostedTo,
    string? OutcomeText,
    Instant CreatedAt,
    IReadOnlyList<SpaceMessageView> Messages);

/// <param name="Enrolled">Whether the space ever joined a group or registered for a workshop (even if it left since).</param>
public sealed record SpaceView(Guid SpaceId, string? Pseudonym, ContactKind? ContactKind, string? Contact, Instant CreatedAt, IReadOnlyList<SpaceRequestView> Requests, bool Enrolled);

/// <summary>
/// The beneficiary's side: sign in with the access code, read the space, erase it. A wrong
/// code counts against that space only; an unknown code against nothing stored.
/// </summary>
public sealed class BeneficiaryAccess(TandemDbContext db, EnvelopeCrypto crypto, Groups.GroupEnrolments groups, AuditTrail audit, IClock clock)
{
    // Both run on every call of the person's space (the first also on every call of the API with a
    // space's token): compiled once, EF Core neither looks them up nor extracts their parameters again.
    private static readonly PerModel<Func<TandemDbContext, Guid, Guid, CancellationToken, Task<bool>>> IsCurrent = new(() =>
        EF.CompileAsyncQuery((TandemDbContext db, Guid spaceId, Guid stamp, CancellationToken ct) =>
            db.BeneficiarySpaces.Any(s => s.Id == spaceId && s.Stamp == stamp)));

    private static readonly PerModel<Func<TandemDbContext, Guid, Guid, CancellationToken, Task<WholeSpaceRow?>>> WholeSpace = new(() =>
        EF.CompileAsyncQuery((TandemDbContext db, Guid spaceId, Guid stamp, CancellationToken ct) =>
            db.BeneficiarySpaces.AsNoTracking()
                .Include(s => s.DataKey)
                .Include(s => s.Requests).ThenInclude(r => r.DataKey)
                .Include(s => s.Requests).ThenInclude(r => r.Themes)
                .Include(s => s.Requests).ThenInclude(r => r.Messages)

                // One round trip: a space holds a few requests, each a few themes and messages; whether
                // it ever joined a group comes with it, so most spaces need no look at the groups at all.
                .AsSingleQuery()
                .Where(s => s.Id == spaceId && s.Stamp == stamp)
                .Select(s => new WholeSpaceRow(s, db.GroupEnrolments.Any(e => e.SpaceId == s.Id)))
                .FirstOrDefault()));

    private sealed record WholeSpaceRow(BeneficiarySpace Space, bool Enrolled);

    public async Task<Outcome<SpaceSession>> SignInAsync(string? typedCode, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(typedCode))
        {
            return Outcome<SpaceSession>.Invalid("accessCode", Messages.Required);
        }

        var code = AccessCodes.Parse(typedCode);
        var space = code is null ? null : await db.BeneficiarySpaces.FirstOrDefaultAsync(s => s.CodeLookup == code.Lookup, ct);
        if (code is null || space is null)
        {
            return Outcome<SpaceSession>.Fail(OutcomeStatus.Unauthorized, RequestMessages.AccessCodeInvalid);
        }

        var now = clock.GetCurrentInstant();
        if (SignInThrottle.IsBlocked(space, now))
        {
            return Outcome<SpaceSession>.Fail(OutcomeStatus.Throttled, RequestMessages.AccessCodeThrottled);
        }

        if (!await AccessCodes.VerifyAsync(code, space.CodeHash, space.CodeSalt, space.CodeScheme, ct))
        {
            SignInThrottle.RecordFailure(space, now);
            await db.SaveChangesAsync(ct);
            await audit.AppendAsync(AuditTrail.Beneficiary, RequestAuditActions.SpaceSignInFailed, null, null, ct);
            return SignInThrottle.IsBlocked(space, now)
                ? Outcome<SpaceSession>.Fail(OutcomeStatus.Throttled, RequestMessages.AccessCodeThrottled)
                : Outcome<SpaceSession>.Fail(OutcomeStatus.Unauthorized, RequestMessages.AccessCodeInvalid);
        }

        SignInThrottle.RecordSuccess(space);
        if (space.CodeScheme != AccessCodes.CurrentScheme)
        {
            // The code is at hand only now: hashed again with the current scheme, saved with the sign-in.
            (space.CodeHash, space.CodeSalt) = await AccessCodes.HashAsync(code, ct);
            space.CodeScheme = AccessCodes.CurrentScheme;
        }

        await db.SaveChangesAsync(ct);
        await audit.AppendAsync(AuditTrail.Beneficiary, RequestAuditActions.SpaceSignedIn, null, null, ct);
        return Outcome<SpaceSession>.Ok(new SpaceSession(space.Id, space.Stamp));
    }

    /// <summary>
    /// Whether the session's space still exists with the stamp it was opened with; asked first on
    /// every call made with a space's cookie or token, except by the reads that check the stamp in
    /// their own query (<see cref="ReadAsync"/>). It opens the context's connection and keeps it until
    /// the request ends, so the reads that follow share it instead of each taking one from the pool and
    /// having the session reset again.
    /// </summary>
    public async Task<bool> IsCurrentAsync(SpaceSession session, CancellationToken ct = default)
    {
        await db.Database.OpenConnectionAsync(ct);
        return await IsCurrent.For(db)(db, session.SpaceId, session.Stamp, ct);
    }

    /// <summary>
    /// Everything the space holds, read with the session's stamp: null when the space is gone (erased,
    /// or past retention), exactly when <see cref="IsCurrentAsync"/> would say no. The connection stays
    /// open for the reads that follow in the same request.
    /// </summary>
    public async Task<SpaceView?> ReadAsync(SpaceSession session, CancellationToken ct = default)
    {
        await db.Database.OpenConnectionAsync(ct);
        if (await WholeSpace.For(db)(db, session.SpaceId, session.Stamp, ct) is not { Space: var space, Enrolled: var enrolled })
        {
            return null;
        }

        var requests = space.Requests.OrderBy(r => r.CreatedAt).Select(r => new SpaceRequestView(
            r.Id,
            r.Status,
            r.Urgent,
            r.Themes.Select(t => t.Code).Order(StringComparer.Ordinal).ToList(),
            r.Collective,
            r.Participants,
            r.Modality,
            r.LongInterviewAvailable,
            r.Message is null ? null : crypto.Open(r.DataKey!, r.Message, CreateRequest.MessagePurpose(r.Id)),
            r.SignpostedTo,
            r.OutcomeText is null ? null : crypto.Open(r.DataKey!, r.OutcomeText, Triage.OutcomePurpose(r.Id)),
            r.CreatedAt,
            r.Messages.OrderBy(m => m.SentAt).Select(m => new SpaceMessageView(m.Id, m.FromCoordination, crypto.Open(r.DataKey!, m.Body, RequestConversation.Purpose(m.Id)), m.SentAt)).ToList()))
            .ToList();

        return new SpaceView(
            space.Id,
            space.Pseudonym is null ? null : crypto.Open(space.DataKey!, space.Pseudonym, CreateRequest.PseudonymPurpose(space.Id)),
            space.ContactKind,
            space.Contact is null ? null : crypto.Open(space.DataKey!, space.Contact, ContactPurpose(space.Id)),
            space.CreatedAt,
            requests,
            enrolled);
    }

    public static string ContactPurpose(Guid spaceId) => $"space.contact:{spaceId:D}";

    /// <summary>Sets the optional contact for reminders (phone or e-mail), sealed; it replaces any earlier one.</summary>
    public async Task<Outcome<bool>> SetContactAsync(Guid spaceId, ContactKind? kind, string? value, CancellationToken ct = default)
    {
        var trimmed = value?.Trim() ?? string.Empty;
        var errors = new FieldErrors();
        if (kind is null || !Enum.IsDefined(kind.Value))
        {
            errors.Add("kind", RequestMessages.ContactKindRequired);
        }
        else if (trimmed.Length == 0)
        {
            errors.Add("value", Messages.Required);
        }
        else if (kind == Requests.ContactKind.Email && !Staff.StaffAccounts.IsEmail(trimmed))
        {
            errors.Add("value", Messages.InvalidEmail);
        }
        else if (kind == Requests.ContactKind.Phone && !PhoneNumbers.IsValid(trimmed))
        {
            errors.Add("value", RequestMessages.PhoneInvalid);
        }

        if (errors.Any)
        {
            return Outcome<bool>.Invalid(errors);
        }

        var space = await db.BeneficiarySpaces.Include(s => s.DataKey).FirstOrDefaultAsync(s => s.Id == spaceId, ct);
        if (space is null)
        {
            return Outcome<bool>.Fail(OutcomeStatus.NotFound, Messages.NotFound);
        }

        space.ContactKind = kind;
        space.Contact = crypto.Seal(space.DataKey!, trimmed, ContactPurpose(space.Id));
        await db.SaveChangesAsync(ct);
        await audit.AppendAsync(AuditTrail.Beneficiary, RequestAuditActions.ContactSet, null, null, ct);
        return Outcome<bool>.Ok(true);
    }

    public async Task<bool> RemoveContactAsync(Guid spaceId, CancellationToken ct = default)
    {
        var removed = await db.BeneficiarySpaces.Where(s => s.Id == spaceId)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.Contact, (SealedText?)null).SetProperty(x => x.ContactKind, (ContactKind?)null), ct);
        if (removed == 1)
        {
            await audit.AppendAsync(AuditTrail.Beneficiary, RequestAuditActions.ContactRemoved, null, null, ct);
        }

        return removed == 1;
    }


    /// <summary>
    /// Deletes every row of the space for real — requests, themes, messages, contact, and
    /// the data keys, so any copy of what was sealed is unreadable — and the code opens nothing.
    /// </summary>
    public async Task<bool> EraseAsync(Guid spaceId, CancellationToken ct = default)
    {
        var space = await db.BeneficiarySpaces.Include(s => s.Requests).FirstOrDefaultAsync(s => s.Id == spaceId, ct);
        if (space is null)
        {
            return false;
        }

        var keyIds = space.Requests.Select(r => r.DataKeyId).Append(space.DataKeyId).ToList();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);

        // Its places in groups and workshops go back to the roster first, and the next people waiting get them.
        var promoted = await groups.ReleaseSpaceAsync(spaceId, ct);
        db.BeneficiarySpaces.Remove(space);
        await db.SaveChangesAsync(ct);
        await db.DataKeys.Where(k => keyIds.Contains(k.Id)).ExecuteDeleteAsync(ct);
        await transaction.CommitAsync(ct);
        await groups.AuditPromotedAsync(promoted, ct);
        await audit.AppendAsync(AuditTrail.Beneficiary, RequestAuditActions.SpaceErased, null,
            new Dictionary<string, string?> { ["requests"] = space.Requests.Count.ToString(System.Globalization.CultureInfo.InvariantCulture) }, ct);
        return true;
    }
}
