using Microsoft.EntityFrameworkCore;
using Tandem.Core.Common;
using Tandem.Core.Data;
using Tandem.Core.Requests;
using Tandem.Core.Security.Audit;
using Tandem.Core.Security.Encryption;

namespace Tandem.Core.Cases;

public sealed record DangerInput(string? Reason);

/// <summary>What the pair gets when it declares immediate danger: the contact the person gave, if any.</summary>
public sealed record DangerDeclared(ContactKind? ContactKind, string? Contact);

/// <summary>
/// The only exception to anonymity professional bodies accept: a practitioner of the pair judges
/// the person in immediate danger. The decision, its reason and who took it go into the audit
/// chain; the pair then sees the contact the person gave (if any) to reach them or the emergency
/// services. Nothing else lifts anonymity, and nothing is ever told to the employer.
/// </summary>
public sealed class Danger(TandemDbContext db, CaseAccess access, EnvelopeCrypto crypto, AuditTrail audit)
{
    public const int MaxReasonLength = 1000;

    public async Task<Outcome<DangerDeclared>> DeclareAsync(Guid userId, Guid requestId, DangerInput input, CancellationToken ct = default)
    {
        if (await access.PairMemberAsync(userId, requestId, ct) is null)
        {
            return Outcome<DangerDeclared>.Fail(OutcomeStatus.NotFound, Messages.NotFound);
        }

        var errors = new FieldErrors()
            .AddIf(string.IsNullOrWhiteSpace(input.Reason), "reason", Messages.Required)
            .AddIf(input.Reason is { Length: > MaxReasonLength }, "reason", Messages.TooLong);
        if (errors.Any)
        {
            return Outcome<DangerDeclared>.Invalid(errors);
        }

        var spaceId = await db.Requests.Where(r => r.Id == requestId).Select(r => r.SpaceId).FirstAsync(ct);
        var space = await db.BeneficiarySpaces.AsNoTracking().Include(s => s.DataKey).FirstAsync(s => s.Id == spaceId, ct);
        await audit.AppendAsync(AuditTrail.Staff(userId), "case.danger_declared", requestId.ToString(),
            new Dictionary<string, string?> { ["reason"] = input.Reason!.Trim(), ["contactShown"] = space.Contact is null ? "false" : "true" }, ct);
        return Outcome<DangerDeclared>.Ok(new DangerDeclared(
            space.ContactKind,
            space.Contact is null ? null : crypto.Open(space.DataKey!, space.Contact, BeneficiaryAccess.ContactPurpose(space.Id))));
    }
}
