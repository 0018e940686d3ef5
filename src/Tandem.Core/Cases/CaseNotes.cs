using Microsoft.EntityFrameworkCore;
using NodaTime;
using Tandem.Core.Common;
using Tandem.Core.Data;
using Tandem.Core.Security.Audit;
using Tandem.Core.Security.Encryption;

namespace Tandem.Core.Cases;

public sealed record NoteView(Guid NoteId, string Author, Instant CreatedAt, string Text);

/// <summary>
/// The pair's notes: sealed under the case's own data key, readable by the pair and no one
/// else. Every read and every write is in the audit chain (who, which case, when; never the text).
/// </summary>
public sealed class CaseNotes(TandemDbContext db, CaseAccess access, EnvelopeCrypto crypto, AuditTrail audit, IClock clock)
{
    public const int MaxLength = 20_000;

    public static string Purpose(Guid noteId) => $"case.note:{noteId:D}";

    public async Task<Outcome<Guid>> WriteAsync(Guid userId, Guid requestId, string? text, CancellationToken ct = default)
    {
        if (await access.PairMemberAsync(userId, requestId, ct) is null)
        {
            return Outcome<Guid>.Fail(OutcomeStatus.NotFound, Messages.NotFound);
        }

        var errors = new FieldErrors()
            .AddIf(string.IsNullOrWhiteSpace(text), "text", Messages.Required)
            .AddIf(text is { Length: > MaxLength }, "text", Messages.TooLong);
        if (errors.Any)
        {
            return Outcome<Guid>.Invalid(errors);
        }

        var key = await db.Requests.Where(r => r.Id == requestId).Select(r => r.DataKey).FirstAsync(ct);
        var note = new CaseNote { Id = Guid.NewGuid(), RequestId = requestId, AuthorId = userId, CreatedAt = clock.GetCurrentInstant(), Text = null! };
        note.Text = crypto.Seal(key!, text!.Trim(), Purpose(note.Id));
        db.CaseNotes.Add(note);
        await db.SaveChangesAsync(ct);
        await audit.AppendAsync(AuditTrail.Staff(userId), "case.note_written", requestId.ToString(), new Dictionary<string, string?> { ["note"] = note.Id.ToString() }, ct);
        return Outcome<Guid>.Ok(note.Id);
    }

    /// <returns>The notes, oldest first, or null when the user is not in the pair.</returns>
    public async Task<IReadOnlyList<NoteView>?> ReadAsync(Guid userId, Guid requestId, CancellationToken ct = default)
    {
        if (await access.PairMemberAsync(userId, requestId, ct) is null)
        {
            return null;
        }

        var key = await db.Requests.Where(r => r.Id == requestId).Select(r => r.DataKey).FirstAsync(ct);
        var notes = await OpenAllAsync(requestId, key!, ct);
        await audit.AppendAsync(AuditTrail.Staff(userId), "case.notes_read", requestId.ToString(),
            new Dictionary<string, string?> { ["count"] = notes.Count.ToString(System.Globalization.CultureInfo.InvariantCulture) }, ct);
        return notes;
    }

    /// <summary>The notes of a case opened, oldest first, with their authors' names: one query. Not audited: the caller is.</summary>
    internal async Task<List<NoteView>> OpenAllAsync(Guid requestId, DataKey key, CancellationToken ct)
    {
        var notes = await db.CaseNotes.AsNoTracking().Where(n => n.RequestId == requestId).OrderBy(n => n.CreatedAt)
            .Select(n => new { n.Id, n.CreatedAt, n.Text, Author = db.Users.Where(u => u.Id == n.AuthorId).Select(u => u.DisplayName).FirstOrDefault() })
            .ToListAsync(ct);
        return notes.Select(n => new NoteView(n.Id, n.Author ?? string.Empty, n.CreatedAt, crypto.Open(key, n.Text, Purpose(n.Id)))).ToList();
    }
}
