using Microsoft.Extensions.Logging;

namespace Stormline.OpsConsole.Hosting;

/// <summary>Sends the host's log lines to the caller's factory after the host's own filters (ASP.NET chatter off).</summary>
internal sealed class CallerLoggerProvider(ILoggerFactory caller) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => caller.CreateLogger(categoryName);

    public void Dispose()
    {
        // The caller owns its factory.
    }
}
