using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using Tandem.Core.Common;
using Tandem.Core.Data;
using Tandem.Core.Security;
using Tandem.Core.Security.Audit;

namespace Tandem.Core.Staff;

/// <summary>A live session as its owner sees it in the list.</summary>
public sealed record StaffSessionView(Guid Id, StaffSessionKind Kind, string Device, Instant StartedAt, Instant LastSeenAt, Instant ExpiresAt);

/// <summary>
/// The sessions of staff accounts (ASVS 7.5.2): opened at each sign-in and each token issued,
/// checked on every request in the same query as the account's security stamp, listed to their
/// owner, who may end any of them, or all the others, after typing their password again.
/// </summary>
public sealed class StaffSessionRegistry(TandemDbContext db, UserManager<StaffUser> users, StaffSignIn signIn, AuditTrail audit, IClock clock)
{
    public const int MaxDeviceLength = 80;

    // Runs on every staff request (page or API): compiled once, EF Core neither looks it up nor
    // extracts its parameters again. The account comes tracked, as UserManager.FindByIdAsync would
    // leave it, so a page that asks UserManager for it next finds it without a query.
    private static readonly PerModel<Func<TandemDbContext, Guid, Guid, Instant, CancellationToken, Task<LiveAccountRow?>>> LiveAccount = new(() =>
        EF.CompileAsyncQuery((TandemDbContext db, Guid userId, Guid sessionId, Instant now, CancellationToken ct) =>
            db.Users.AsTracking()
                .Where(u => u.Id == userId)
                .Select(u => new LiveAccountRow(
                    u,
                    db.StaffSessions
                        .Where(s => s.Id == sessionId && s.UserId == u.Id && s.EndedAt == null && s.ExpiresAt > now && s.Stamp == u.SecurityStamp)
                        .Select(s => (Instant?)s.LastSeenAt)
                        .FirstOrDefault()))
                .FirstOrDefault()));

    /// <summary>How stale "last seen" may get before a request writes it again: one write per session every few minutes, not one per request.</summary>
    public static readonly Duration TouchEvery = Duration.FromMinutes(5);

    /// <summary>Opens a session for the account as it is now (its stamp), and forgets its sessions that are over.</summary>
    public async Task<Guid> OpenAsync(StaffUser user, StaffSessionKind kind, string? device, Duration lifetime, CancellationToken ct = default)
    {
        var now = clock.GetCurrentInstant();
        var stamp = user.SecurityStamp ?? string.Empty;
        await db.StaffSessions
            .Where(s => s.UserId == user.Id && (s.EndedAt != null || s.ExpiresAt <= now || s.Stamp != stamp))
            .ExecuteDeleteAsync(ct);
        var session = new StaffSession
        {
            Id = Guid.NewGuid(),
            UserId = user.Id,
            Kind = kind,
            Device = Trim(device),
            Stamp = stamp,
            StartedAt = now,
            LastSeenAt = now,
            ExpiresAt = now + lifetime,
        };
        db.StaffSessions.Add(session);
        await db.SaveChangesAsync(ct);
        db.Entry(session).State = EntityState.Detached;
        return session.Id;
    }

    /// <summary>
    /// The account behind a request, if its session is live and the stamp it carries is the
    /// account's: one query, the user tracked as <c>UserManager.FindByIdAsync</c> would leave it.
    /// Writes "last seen" when it is older than <see cref="TouchEvery"/>. It opens the context's
    /// connection and keeps it until the request ends, so the reads that follow share it instead of
    /// each taking one from the pool and having the session reset again.
    /// </summary>
    public async Task<StaffUser?> CheckAsync(Guid userId, Guid sessionId, string? stamp, CancellationToken ct = default)
    {
        if (stamp is null || sessionId == Guid.Empty)
        {
            return null;
        }

        var now = clock.GetCurrentInstant();
        await db.Database.OpenConnectionAsync(ct);
        var found = await LiveAccount.For(db)(db, userId, sessionId, now, ct);
        if (found is null || found.LastSeenAt is not { } lastSeen || !found.User.IsActive || found.User.SecurityStamp != stamp)
        {
            return null;
        }

        if (now - lastSeen >= TouchEvery)
        {
            await db.StaffSessions.Where(s => s.Id == sessionId).ExecuteUpdateAsync(u => u.SetProperty(s => s.LastSeenAt, now), ct);
        }

        return found.User;
    }

    /// <summary>The account's live sessions, the most recently used first.</summary>
    public async Task<IReadOnlyList<StaffSessionView>> ListAsync(Guid userId, CancellationToken ct = default)
    {
        var now = clock.GetCurrentInstant();
        return await db.StaffSessions.AsNoTracking()
            .Where(s => s.UserId == userId && s.EndedAt == null && s.ExpiresAt > now
                && db.Users.Any(u => u.Id == userId && u.DeactivatedAt == null && u.SecurityStamp == s.Stamp))
            .OrderByDescending(s => s.LastSeenAt).ThenByDescending(s => s.StartedAt)
            .Select(s => new StaffSessionView(s.Id, s.Kind, s.Device, s.StartedAt, s.LastSeenAt, s.ExpiresAt))
            .ToListAsync(ct);
    }

    /// <summary>
    /// Ends one live session of the account (<paramref name="target"/>), or every other one than
    /// <paramref name="current"/> when no target is given, once the password is typed again. A
    /// wrong password counts against the account's sign-in throttle.
    /// </summary>
    /// <returns>How many sessions were ended.</returns>
    public async Task<Outcome<int>> EndAsync(Guid userId, Guid current, Guid? target, string? password, CancellationToken ct = default)
    {
        var user = await users.FindByIdAsync(userId.ToString());
        if (user is null || !user.IsActive)
        {
            return Outcome<int>.Fail(OutcomeStatus.NotFound, Messages.NotFound);
        }

        var checkedPassword = await signIn.CheckCurrentPasswordAsync(user, password, "session_end", ct);
        if (!checkedPassword.Succeeded)
        {
            return checkedPassword.Failed<int>();
        }

        var now = clock.GetCurrentInstant();
        var stamp = user.SecurityStamp;
        var live = db.StaffSessions.Where(s => s.UserId == userId && s.EndedAt == null && s.ExpiresAt > now && s.Stamp == stamp);
        var ended = target is { } one
            ? await live.Where(s => s.Id == one).ExecuteUpdateAsync(u => u.SetProperty(s => s.EndedAt, now), ct)
            : await live.Where(s => s.Id != current).ExecuteUpdateAsync(u => u.SetProperty(s => s.EndedAt, now), ct);
        if (target is not null && ended == 0)
        {
            return Outcome<int>.Fail(OutcomeStatus.NotFound, Messages.NotFound);
        }

        await audit.AppendAsync(AuditTrail.Staff(userId), AuditActions.SessionEnded, userId.ToString(),
            new Dictionary<string, string?> { ["which"] = target is null ? "others" : "one", ["count"] = ended.ToString(System.Globalization.CultureInfo.InvariantCulture) }, ct);
        return Outcome<int>.Ok(ended);
    }

    /// <summary>Forgets the sessions that are over (ended, expired, or opened under an older stamp) of every account.</summary>
    public Task<int> PurgeAsync(CancellationToken ct = default)
    {
        var now = clock.GetCurrentInstant();
        return db.StaffSessions
            .Where(s => s.EndedAt != null || s.ExpiresAt <= now || !db.Users.Any(u => u.Id == s.UserId && u.DeactivatedAt == null && u.SecurityStamp == s.Stamp))
            .ExecuteDeleteAsync(ct);
    }

    private static string Trim(string? device) =>
        string.IsNullOrWhiteSpace(device) ? string.Empty
        : device.Length <= MaxDeviceLength ? device.Trim()
        : device[..MaxDeviceLength].Trim();
}

/// <summary>An account and when its session was last seen; null when that session is not live for it.</summary>
internal sealed record LiveAccountRow(StaffUser User, Instant? LastSeenAt);
