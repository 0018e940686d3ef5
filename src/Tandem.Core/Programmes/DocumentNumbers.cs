using Microsoft.EntityFrameworkCore;
using Tandem.Core.Data;

namespace Tandem.Core.Programmes;

/// <summary>
/// Numbers that follow each other without gaps (F-2027-0001, F-2027-0002…), as French invoices
/// require. Called inside the caller's transaction: the counter row is locked by the increment
/// until the document is saved, and a document that fails to save takes its number back with it.
/// </summary>
public static class DocumentNumbers
{
    public static async Task<string> NextAsync(TandemDbContext db, string series, int year, CancellationToken ct)
    {
        // The same statement on PostgreSQL and SQLite: the year's row, once, whoever comes first.
        await db.Database.ExecuteSqlInterpolatedAsync(
            $"INSERT INTO document_counters (\"Series\", \"Year\", \"Last\") VALUES ({series}, {year}, 0) ON CONFLICT DO NOTHING", ct);
        await db.DocumentCounters.Where(c => c.Series == series && c.Year == year).ExecuteUpdateAsync(s => s.SetProperty(c => c.Last, c => c.Last + 1), ct);
        var last = await db.DocumentCounters.AsNoTracking().Where(c => c.Series == series && c.Year == year).Select(c => c.Last).FirstAsync(ct);
        return Format(series, year, last);
    }

    public static string Format(string series, int year, int number) => $"{series}-{year}-{number:D4}";
}
