using Microsoft.EntityFrameworkCore;
using NodaTime;
using Tandem.Core.Data;
using Tandem.Core.Requests;
using Tandem.Core.Security;
using Tandem.Core.Security.Audit;

namespace Tandem.Core.Scheduling;

/// <summary>
/// A practitioner's private calendar feed: an .ics address holding a 256-bit secret, of which
/// only the hash is stored. Creating a new address revokes the previous one. The feed says
/// "Entretien", the time and the place or link — never the pseudonym, the themes or the number
/// to call.
/// </summary>
public sealed class CalendarFeeds(TandemDbContext db, SchedulingSettings settings, AuditTrail audit, IClock clock)
{
    public const string Summary = "Entretien";

    public static readonly Duration Past = Duration.FromDays(30);

    /// <returns>The new secret (shown once), or null when the user has no practitioner profile.</returns>
    public async Task<string?> CreateAsync(Guid practitionerUserId, CancellationToken ct = default)
    {
        var profile = await db.PractitionerProfiles.FirstOrDefaultAsync(p => p.UserId == practitionerUserId, ct);
        if (profile is null)
        {
            return null;
        }

        var token = SecretTokens.NewUrlToken();
        profile.CalendarFeedHash = SecretTokens.Hash(token);
        await db.SaveChangesAsync(ct);
        await audit.AppendAsync(AuditTrail.Staff(practitionerUserId), "calendar_feed.created", profile.Id.ToString(), null, ct);
        return token;
    }

    public async Task<bool> HasFeedAsync(Guid practitionerUserId, CancellationToken ct = default) =>
        await db.PractitionerProfiles.AnyAsync(p => p.UserId == practitionerUserId && p.CalendarFeedHash != null, ct);

    public async Task<bool> RevokeAsync(Guid practitionerUserId, CancellationToken ct = default)
    {
        var revoked = await db.PractitionerProfiles.Where(p => p.UserId == practitionerUserId && p.CalendarFeedHash != null)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.CalendarFeedHash, (string?)null), ct);
        if (revoked > 0)
        {
            await audit.AppendAsync(AuditTrail.Staff(practitionerUserId), "calendar_feed.revoked", null, null, ct);
        }

        return revoked > 0;
    }

    /// <returns>The feed, or null for an unknown or revoked secret (or a deactivated account).</returns>
    public async Task<string?> ReadAsync(string token, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 100)
        {
            return null;
        }

        var hash = SecretTokens.Hash(token);
        var profileId = await db.PractitionerProfiles
            .Where(p => p.CalendarFeedHash == hash && db.Users.Any(u => u.Id == p.UserId && u.DeactivatedAt == null))
            .Select(p => (Guid?)p.Id)
            .FirstOrDefaultAsync(ct);
        if (profileId is null)
        {
            return null;
        }

        var since = clock.GetCurrentInstant() - Past;
        var appointments = await db.Appointments.AsNoTracking()
            .Where(a => (a.FirstPractitionerId == profileId || a.SecondPractitionerId == profileId) && a.End > since)
            .OrderBy(a => a.Start)
            .Select(a => new { a.Id, a.Start, a.End, a.Modality, a.Place, a.Access, a.VideoRoom, Cancelled = a.CancelledAt != null })
            .ToListAsync(ct);
        return CalendarFiles.Write(
            appointments.Select(a => new CalendarEntry(
                a.Id, a.Start, a.End, Summary,
                a.Modality switch
                {
                    Modality.InPerson => a.Place,
                    Modality.Video => settings.VideoLink(a.VideoRoom),
                    _ => "Téléphone",
                },
                a.Modality == Modality.InPerson ? a.Access : null,
                a.Cancelled)),
            method: null,
            name: "Tandem");
    }
}
