using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Stormline.Cli.Commands;

/// <summary>One-line console logs with a timestamp, the format every stormline command uses.</summary>
internal static class ConsoleLogging
{
    public static ILoggerFactory Create() => LoggerFactory.Create(builder => builder
        .SetMinimumLevel(LogLevel.Information)
        .AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss.fff ";
            o.ColorBehavior = LoggerColorBehavior.Disabled;
        }));
}
