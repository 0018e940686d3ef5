using System.Data.Common;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tandem.Core.Data;

namespace Tandem.Web.Tests.Support;

/// <summary>Reads every row of every table, whatever the provider, and says where a text appears.</summary>
public static class DatabaseScanner
{
    public static async Task<IReadOnlyList<string>> FindAsync(TandemApp app, string needle)
    {
        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<TandemDbContext>();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = connection.CreateCommand())
        {
            list.CommandText = db.Database.IsSqlite()
                ? "SELECT name FROM sqlite_master WHERE type = 'table'"
                : "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'";
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        var found = new List<string>();
        foreach (var table in tables)
        {
            await using var select = connection.CreateCommand();
            select.CommandText = $"SELECT * FROM \"{table}\"";
            await using var reader = await select.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    if (Text(reader, i) is { } text && text.Contains(needle, StringComparison.OrdinalIgnoreCase))
                    {
                        found.Add($"{table}.{reader.GetName(i)}");
                    }
                }
            }
        }

        return found;
    }

    private static string? Text(DbDataReader reader, int i)
    {
        if (reader.IsDBNull(i))
        {
            return null;
        }

        return reader.GetValue(i) switch
        {
            byte[] bytes => Encoding.UTF8.GetString(bytes),
            var value => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture),
        };
    }
}
