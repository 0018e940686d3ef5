using Microsoft.EntityFrameworkCore;
using NodaTime;
using Tandem.Core.Data;

namespace Tandem.Core.Common;

/// <summary>When a periodic job is next due, shared by every instance through the database.</summary>
public sealed class ScheduledJob
{
    public string Name { get; set; } = string.Empty;

    public Instant NextRunAt { get; set; }

    public Instant LastRunAt { get; set; }
}

/// <summary>
/// Decides which instance runs a periodic job, so that several instances on one database run
/// it once per period. The first instance to ask once the job is due wins: its conditional
/// update moves the due time forward, and the database serialises the updates, so the others'
/// condition no longer holds (on PostgreSQL the second update waits for the first and then
/// re-reads the row; SQLite has one writer). A winner that dies mid-run leaves the job to the
/// next period: the jobs are idempotent, nothing is half-done for long.
/// </summary>
public sealed class ScheduledJobs(TandemDbContext db, IClock clock)
{
    /// <returns>True when this caller must run the job now.</returns>
    public async Task<bool> TryStartAsync(string name, Duration every, CancellationToken ct = default)
    {
        var now = clock.GetCurrentInstant();
        var next = now + every;
        var won = await db.ScheduledJobs
            .Where(j => j.Name == name && j.NextRunAt <= now)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.NextRunAt, next).SetProperty(j => j.LastRunAt, now), ct);
        if (won > 0)
        {
            return true;
        }

        if (await db.ScheduledJobs.AnyAsync(j => j.Name == name, ct))
        {
            return false;
        }

        // Its first run ever: two instances inserting at once meet the primary key, and one loses.
        db.ScheduledJobs.Add(new ScheduledJob { Name = name, NextRunAt = next, LastRunAt = now });
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException)
        {
            return false;
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }
}
