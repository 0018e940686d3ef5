using Microsoft.EntityFrameworkCore;
using Tandem.Core.Security;

namespace Tandem.Core.Data;

/// <summary>Questions about a staff account that several features ask the same way.</summary>
public static class StaffQueries
{
    /// <summary>An active coordinator or administrator: those who set services up for everyone (groups, programmes, invoices).</summary>
    public static Task<bool> IsCoordinationAsync(this TandemDbContext db, Guid userId, CancellationToken ct) =>
        db.Users.AnyAsync(u => u.Id == userId && u.DeactivatedAt == null && (u.Role == Roles.Coordinator || u.Role == Roles.Administrator), ct);
}
