using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using Tandem.Core.Data;

namespace Tandem.Dataset;

/// <summary>
/// Writes rows of mapped entities straight to their table, far faster than the change tracker:
/// binary COPY on PostgreSQL, one prepared INSERT in a transaction on SQLite. Columns, names and
/// conversions come from the EF Core model, so a column added to an entity is written here too.
/// </summary>
public sealed class BulkWriter(TandemDbContext db)
{
    private readonly Dictionary<Type, TableShape> _shapes = [];

    public bool IsPostgres => db.Database.IsNpgsql();

    public async Task WriteAsync<T>(IReadOnlyCollection<T> rows, CancellationToken ct = default)
        where T : class
    {
        if (rows.Count == 0)
        {
            return;
        }

        var shape = Shape(typeof(T));
        await db.Database.OpenConnectionAsync(ct);
        var connection = db.Database.GetDbConnection();
        if (connection is NpgsqlConnection pg)
        {
            await CopyAsync(pg, shape, rows, ct);
        }
        else
        {
            await InsertAsync(connection, shape, rows, ct);
        }
    }

    private static async Task CopyAsync<T>(NpgsqlConnection connection, TableShape shape, IReadOnlyCollection<T> rows, CancellationToken ct)
        where T : class
    {
        var columns = string.Join(", ", shape.Columns.Select(c => $"\"{c.Name}\""));
        await using var importer = await connection.BeginBinaryImportAsync($"COPY \"{shape.Table}\" ({columns}) FROM STDIN (FORMAT BINARY)", ct);
        foreach (var row in rows)
        {
            await importer.StartRowAsync(ct);
            foreach (var column in shape.Columns)
            {
                var value = column.Read(row);
                if (value is null)
                {
                    await importer.WriteNullAsync(ct);
                }
                else
                {
                    await importer.WriteAsync(value, column.StoreType, ct);
                }
            }
        }

        await importer.CompleteAsync(ct);
    }

    private static async Task InsertAsync<T>(DbConnection connection, TableShape shape, IReadOnlyCollection<T> rows, CancellationToken ct)
        where T : class
    {
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"INSERT INTO \"{shape.Table}\" ({string.Join(", ", shape.Columns.Select(c => $"\"{c.Name}\""))}) "
            + $"VALUES ({string.Join(", ", shape.Columns.Select((_, i) => $"@p{i}"))})";
        foreach (var row in rows)
        {
            command.Parameters.Clear();
            for (var i = 0; i < shape.Columns.Count; i++)
            {
                var column = shape.Columns[i];
                command.Parameters.Add(column.Mapping.CreateParameter(command, $"@p{i}", column.ReadClr(row), nullable: true));
            }

            await command.ExecuteNonQueryAsync(ct);
        }

        await transaction.CommitAsync(ct);
    }

    private TableShape Shape(Type type)
    {
        if (_shapes.TryGetValue(type, out var known))
        {
            return known;
        }

        var entity = db.Model.FindEntityType(type) ?? throw new InvalidOperationException($"{type.Name} is not mapped.");
        var table = entity.GetTableName() ?? throw new InvalidOperationException($"{type.Name} has no table.");
        var store = StoreObjectIdentifier.Table(table, entity.GetSchema());
        var columns = new List<Column>();
        foreach (var property in entity.GetProperties())
        {
            if (property.IsShadowProperty() || property.PropertyInfo is null)
            {
                throw new InvalidOperationException($"{type.Name}.{property.Name} is a shadow property; the bulk writer cannot fill it.");
            }

            var mapping = property.FindRelationalTypeMapping(store) ?? property.GetRelationalTypeMapping();
            var storeType = mapping.StoreType;
            var facet = storeType.IndexOf('(', StringComparison.Ordinal);
            columns.Add(new Column(
                property.GetColumnName(store) ?? property.Name,
                facet < 0 ? storeType : storeType[..facet].TrimEnd(),
                mapping,
                property.PropertyInfo));
        }

        var shape = new TableShape(table, columns);
        _shapes[type] = shape;
        return shape;
    }

    private sealed record TableShape(string Table, IReadOnlyList<Column> Columns);

    private sealed record Column(string Name, string StoreType, RelationalTypeMapping Mapping, System.Reflection.PropertyInfo Property)
    {
        public object? ReadClr(object row) => Property.GetValue(row);

        /// <summary>The value as the provider stores it (enums as numbers, sealed text as bytes).</summary>
        public object? Read(object row) => ReadClr(row) is { } value && Mapping.Converter is { } converter ? converter.ConvertToProvider(value) : ReadClr(row);
    }
}
