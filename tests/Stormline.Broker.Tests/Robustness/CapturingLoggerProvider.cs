using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Stormline.Broker.Tests.Robustness;

/// <summary>Keeps the broker's error-level log entries, so a test can show what went wrong inside it.</summary>
internal sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _errors = new();

    public IReadOnlyCollection<string> Errors => _errors;

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturingLoggerProvider owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel) && owner._errors.Count < 100)
            {
                owner._errors.Enqueue(formatter(state, exception) + (exception is null ? string.Empty : Environment.NewLine + exception));
            }
        }
    }
}
