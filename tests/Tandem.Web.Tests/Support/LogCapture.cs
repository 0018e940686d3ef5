using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Tandem.Web.Tests.Support;

/// <summary>Keeps every log line the app writes (message, state values and exception) so tests can search them.</summary>
public sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyCollection<string> Lines => _lines;

    public string All => string.Join('\n', _lines);

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _lines);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs
                ? string.Join(' ', pairs.Select(p => $"{p.Key}={p.Value}"))
                : string.Empty;
            var line = $"{logLevel} {category} {formatter(state, exception)} {values} {exception}";
            lines.Enqueue(line);
            if (logLevel >= LogLevel.Error)
            {
                // Server errors surface in the test output, next to the assertion that failed.
                Console.Error.WriteLine(line);
            }
        }
    }
}
