using Microsoft.Extensions.Logging;

namespace Stormline.Registry;

/// <summary>Hands the host's loggers to the caller's factory, so ASP.NET's own filters still apply before them.</summary>
internal sealed class ForwardingLoggerProvider(ILoggerFactory target) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => target.CreateLogger(categoryName);

    public void Dispose()
    {
        // the caller owns the factory
    }
}
