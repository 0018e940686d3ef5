using Microsoft.EntityFrameworkCore;
using Tandem.Core.Common;
using Tandem.Core.Data;
using Tandem.Core.Practitioners;
using Tandem.Core.Requests;
using Tandem.Core.Security.Audit;

namespace Tandem.Core.Scheduling;

public sealed record SuitedPairInput(string? Theme, string? DisciplineA, string? DisciplineB);

/// <summary>The administrator's table of which two disciplines suit which theme; suited pairs are offered first.</summary>
public sealed class SuitedPairs(TandemDbContext db, AuditTrail audit)
{
    public async Task<IReadOnlyList<SuitedPair>> ListAsync(CancellationToken ct = default) =>
        await db.SuitedPairs.AsNoTracking().OrderBy(p => p.Theme).ThenBy(p => p.DisciplineA).ThenBy(p => p.DisciplineB).ToListAsync(ct);

    public async Task<Outcome<int>> AddAsync(Guid administratorId, SuitedPairInput input, CancellationToken ct = default)
    {
        var errors = new FieldErrors()
            .AddIf(!Themes.IsKnown(input.Theme), "theme", RequestMessages.ThemeUnknown)
            .AddIf(!Disciplines.IsKnown(input.DisciplineA), "disciplineA", PractitionerMessages.DisciplineUnknown)
            .AddIf(!Disciplines.IsKnown(input.DisciplineB), "disciplineB", PractitionerMessages.DisciplineUnknown);
        if (!errors.Any && input.DisciplineA == input.DisciplineB)
        {
            errors.Add("disciplineB", SchedulingMessages.SameDiscipline);
        }

        if (errors.Any)
        {
            return Outcome<int>.Invalid(errors);
        }

        // Stored in a canonical order, so (a, b) and (b, a) are one rule.
        var (a, b) = string.CompareOrdinal(input.DisciplineA, input.DisciplineB) <= 0 ? (input.DisciplineA!, input.DisciplineB!) : (input.DisciplineB!, input.DisciplineA!);
        var existing = await db.SuitedPairs.FirstOrDefaultAsync(p => p.Theme == input.Theme
            && ((p.DisciplineA == a && p.DisciplineB == b) || (p.DisciplineA == b && p.DisciplineB == a)), ct);
        if (existing is not null)
        {
            return Outcome<int>.Ok(existing.Id);
        }

        var pair = new SuitedPair { Theme = input.Theme!, DisciplineA = a, DisciplineB = b };
        db.SuitedPairs.Add(pair);
        await db.SaveChangesAsync(ct);
        await audit.AppendAsync(AuditTrail.Staff(administratorId), "suited_pair.added", pair.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            new Dictionary<string, string?> { ["theme"] = pair.Theme, ["a"] = a, ["b"] = b }, ct);
        return Outcome<int>.Ok(pair.Id);
    }

    public async Task<bool> RemoveAsync(Guid administratorId, int id, CancellationToken ct = default)
    {
        var removed = await db.SuitedPairs.Where(p => p.Id == id).ExecuteDeleteAsync(ct);
        if (removed == 1)
        {
            await audit.AppendAsync(AuditTrail.Staff(administratorId), "suited_pair.removed", id.ToString(System.Globalization.CultureInfo.InvariantCulture), null, ct);
        }

        return removed == 1;
    }
}
