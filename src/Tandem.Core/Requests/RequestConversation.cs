using Microsoft.EntityFrameworkCore;
using NodaTime;
using Tandem.Core.Common;
using Tandem.Core.Data;
using Tandem.Core.Security.Audit;
using Tandem.Core.Security.Encryption;

namespace Tandem.Core.Requests;

/// <summary>Secure messages between the coordination and the person's space, sealed under the request's key.</summary>
public sealed class RequestConversation(TandemDbContext db, EnvelopeCrypto crypto, AuditTrail audit, IClock clock)
{
    public const int MaxLength = 5000;

    public static string Purpose(Guid messageId) => $"request.conversation:{messageId:D}";

    public Task<Outcome<Guid>> FromCoordinationAsync(Guid coordinatorId, Guid requestId, string? text, CancellationToken ct = default) =>
        SendAsync(r => r.Id == requestId, true, coordinatorId, text, ct);

    public Task<Outcome<Guid>> FromPersonAsync(Guid spaceId, Guid requestId, string? text, CancellationToken ct = default) =>
        SendAsync(r => r.Id == requestId && r.SpaceId == spaceId, false, null, text, ct);

    private async Task<Outcome<Guid>> SendAsync(System.Linq.Expressions.Expression<Func<SupportRequest, bool>> which, bool fromCoordination, Guid? staffId, string? text, CancellationToken ct)
    {
        var request = await db.Requests.Include(r => r.DataKey).FirstOrDefaultAsync(which, ct);
        if (request is null)
        {
            return Outcome<Guid>.Fail(OutcomeStatus.NotFound, Messages.NotFound);
        }

        var trimmed = text?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            return Outcome<Guid>.Invalid("text", Messages.Required);
        }

        if (trimmed.Length > MaxLength)
        {
            return Outcome<Guid>.Invalid("text", RequestMessages.MessageTooLong);
        }

        var id = Guid.NewGuid();
        db.RequestMessages.Add(new RequestMessage
        {
            Id = id,
            RequestId = request.Id,
            FromCoordination = fromCoordination,
            AuthorStaffId = staffId,
            Body = crypto.Seal(request.DataKey!, trimmed, Purpose(id)),
            SentAt = clock.GetCurrentInstant(),
        });
        await db.SaveChangesAsync(ct);
        await audit.AppendAsync(staffId is { } s ? AuditTrail.Staff(s) : AuditTrail.Beneficiary, RequestAuditActions.MessageSent, request.Id.ToString(), null, ct);
        return Outcome<Guid>.Ok(id);
    }
}
