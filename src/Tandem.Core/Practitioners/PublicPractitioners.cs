using Microsoft.EntityFrameworkCore;
using Tandem.Core.Data;
using Tandem.Core.Scheduling;

namespace Tandem.Core.Practitioners;

/// <summary>Practitioners as people see them beside an appointment, a group or a programme: public name and first discipline.</summary>
public static class PublicPractitioners
{
    public static Task<Dictionary<Guid, SlotPractitioner>> PublicPractitionersAsync(this TandemDbContext db, IEnumerable<Guid> profileIds, CancellationToken ct)
    {
        var ids = profileIds.Distinct().ToList();
        return db.PractitionerProfiles.AsNoTracking().Where(p => ids.Contains(p.Id))
            .Select(p => new SlotPractitioner(p.Id, p.PublicName, p.Disciplines.Select(d => d.Code).FirstOrDefault() ?? string.Empty))
            .ToDictionaryAsync(p => p.PractitionerId, ct);
    }

    /// <summary>The practitioner, or a nameless one when the profile is gone.</summary>
    public static SlotPractitioner Of(this IReadOnlyDictionary<Guid, SlotPractitioner> practitioners, Guid id) =>
        practitioners.TryGetValue(id, out var p) ? p : new SlotPractitioner(id, string.Empty, string.Empty);
}
