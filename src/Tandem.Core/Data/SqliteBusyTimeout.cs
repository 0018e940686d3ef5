using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Tandem.Core.Data;

/// <summary>
/// Lets SQLite itself wait for the write lock (its busy timeout, as long as the connection's
/// <c>Default Timeout</c>), on every connection opened. Without it, Microsoft.Data.Sqlite retries a busy
/// statement after sleeping 150 ms each time, so a write that meets another one waits 150 ms even when the
/// lock is free after a few: measured here, a lock held 20 ms cost the waiting write 152 ms, and 35 ms with
/// the timeout. What still comes back busy (a read transaction that cannot be upgraded) is retried as before.
/// Set through SQLite's C interface, not a statement: a connection is opened for nearly every query.
/// </summary>
internal sealed class SqliteBusyTimeout : DbConnectionInterceptor
{
    public static readonly SqliteBusyTimeout Instance = new();

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (connection is SqliteConnection sqlite)
        {
            SQLitePCL.raw.sqlite3_busy_timeout(sqlite.Handle, sqlite.DefaultTimeout * 1000);
        }
    }

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        ConnectionOpened(connection, eventData);
        return Task.CompletedTask;
    }
}
