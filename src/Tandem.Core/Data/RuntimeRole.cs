using Microsoft.EntityFrameworkCore;

namespace Tandem.Core.Data;

/// <summary>
/// On PostgreSQL, the app may run as a role that owns nothing (ASVS 13.2.2): the owner's connection
/// migrates, then gives the runtime role the rights to read and write the rows, and no more. It cannot
/// change a table's shape, drop one, or touch the migration history; and it can only read and add to
/// the audit chain, never change or remove an entry, so the chain's promise is kept by the database
/// itself and not by the code alone. Given again after every migration, so new tables are covered.
/// </summary>
public static class RuntimeRole
{
    public const string AuditTable = "audit_entries";
    public const string MigrationHistoryTable = "__EFMigrationsHistory";

    /// <summary>The statements, for a role name as the connection string gives it.</summary>
    public static IReadOnlyList<string> Statements(string role)
    {
        var quoted = Quote(role);
        return
        [
            $"GRANT USAGE ON SCHEMA public TO {quoted}",
            $"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {quoted}",
            $"GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO {quoted}",
            $"REVOKE UPDATE, DELETE, TRUNCATE ON {Quote(AuditTable)} FROM {quoted}",
            $"REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON {Quote(MigrationHistoryTable)} FROM {quoted}",
        ];
    }

    /// <summary>Gives the rights, in one transaction, through a context connected as the owner.</summary>
    public static async Task GrantAsync(TandemDbContext owner, string role, CancellationToken ct)
    {
        await using var transaction = await owner.Database.BeginTransactionAsync(ct);
        foreach (var statement in Statements(role))
        {
            await owner.Database.ExecuteSqlRawAsync(statement, ct);
        }

        await transaction.CommitAsync(ct);
    }

    /// <summary>An identifier in double quotes, any double quote in it doubled: a role name cannot become SQL.</summary>
    public static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
