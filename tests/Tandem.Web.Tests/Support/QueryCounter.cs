using System.Diagnostics;

namespace Tandem.Web.Tests.Support;

/// <summary>
/// Counts the SQL commands EF Core runs on behalf of the current async flow (one page request, with
/// the test server preserving the caller's execution context), from EF Core's diagnostic events:
/// background workers, which run outside that flow, are not counted.
/// </summary>
public sealed class QueryCounter : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>
{
    private static readonly AsyncLocal<List<string>?> Current = new();
    private static readonly Lazy<IDisposable> Subscription = new(() => DiagnosticListener.AllListeners.Subscribe(new QueryCounter()));

    /// <summary>Runs <paramref name="action"/> and answers the commands it executed (their SQL, first line), in order.</summary>
    public static async Task<IReadOnlyList<string>> CountAsync(Func<Task> action)
    {
        _ = Subscription.Value;
        var commands = new List<string>();
        Current.Value = commands;
        try
        {
            await action();
        }
        finally
        {
            Current.Value = null;
        }

        lock (commands)
        {
            return commands.ToList();
        }
    }

    public void OnNext(DiagnosticListener value)
    {
        if (value.Name == "Microsoft.EntityFrameworkCore")
        {
            value.Subscribe(this);
        }
    }

    public void OnNext(KeyValuePair<string, object?> value)
    {
        if (value.Key == "Microsoft.EntityFrameworkCore.Database.Command.CommandExecuted" && Current.Value is { } commands)
        {
            var sql = (value.Value as Microsoft.EntityFrameworkCore.Diagnostics.CommandEventData)?.Command.CommandText ?? string.Empty;
            lock (commands)
            {
                commands.Add(string.Join(' ', sql.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Take(3)));
            }
        }
    }

    public void OnCompleted()
    {
    }

    public void OnError(Exception error)
    {
    }
}
