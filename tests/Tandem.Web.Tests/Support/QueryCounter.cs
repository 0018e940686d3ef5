using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Tandem.Web.Tests.Support;

/// <summary>
/// Counts the SQL commands EF Core runs on behalf of the current async flow (one page request, with
/// the test server preserving the caller's execution context), from EF Core's diagnostic events:
/// background workers, which run outside that flow, are not counted.
/// </summary>
public sealed class QueryCounter : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>
{
    private static readonly AsyncLocal<StrongBox<int>?> Current = new();
    private static readonly Lazy<IDisposable> Subscription = new(() => DiagnosticListener.AllListeners.Subscribe(new QueryCounter()));

    /// <summary>Runs <paramref name="action"/> and answers how many commands it executed.</summary>
    public static async Task<int> CountAsync(Func<Task> action)
    {
        _ = Subscription.Value;
        var box = new StrongBox<int>();
        Current.Value = box;
        try
        {
            await action();
        }
        finally
        {
            Current.Value = null;
        }

        return box.Value;
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
        if (value.Key == "Microsoft.EntityFrameworkCore.Database.Command.CommandExecuted" && Current.Value is { } box)
        {
            Interlocked.Increment(ref box.Value);
        }
    }

    public void OnCompleted()
    {
    }

    public void OnError(Exception error)
    {
    }
}
