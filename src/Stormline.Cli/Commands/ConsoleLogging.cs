using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Stormline.Cli.Commands;

/// <summary>One-line console logs with a timestamp, the format every stormline command uses.</summary>
internal static class ConsoleLogging
{
    /// <param name="quiet">Categories logged only from Warning up (e.g. the group coordinator's rebalance steps under <c>up</c>).</param>
    public static ILoggerFactory Create(params string[] quiet) => LoggerFactory.Create(builder => quiet.Aggregate(builder, (b, category) => b.AddFilter(category, LogLevel.Warning))
        .SetMinimumLevel(LogLevel.Information)
        .AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss.fff ";
            o.ColorBehavior = LoggerColorBehavior.Disabled;
        }));
}
