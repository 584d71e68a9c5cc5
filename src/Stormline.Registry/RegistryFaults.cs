using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Stormline.Registry;

/// <summary>
/// Outages for tests: while one is active every request is answered 503 with Confluent's error body (error_code
/// 50003, "backend store unavailable"), which the Confluent serializers treat as retriable. Nothing is read or stored.
/// </summary>
public sealed class RegistryFaults
{
    private readonly ILogger _logger;
    private long _unavailableUntilTicks;
    private int _refused;

    internal RegistryFaults(ILogger logger) => _logger = logger;

    /// <summary>Answers 503 to every request for <paramref name="window"/> from now (zero ends an outage).</summary>
    public void Unavailable(TimeSpan window)
    {
        Interlocked.Exchange(ref _unavailableUntilTicks, window <= TimeSpan.Zero ? 0 : DateTime.UtcNow.Ticks + window.Ticks);
        _logger.LogWarning("Fault: registry unavailable for {Window} ms", window.TotalMilliseconds);
    }

    /// <summary>How many requests outages have refused so far.</summary>
    public int Refused => Volatile.Read(ref _refused);

    internal async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (DateTime.UtcNow.Ticks >= Interlocked.Read(ref _unavailableUntilTicks))
        {
            await next(context);
            return;
        }

        Interlocked.Increment(ref _refused);
        _logger.LogWarning("Fault: refused {Method} {Path} with 503", context.Request.Method, context.Request.Path);
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.ContentType = "application/vnd.schemaregistry.v1+json";
        await context.Response.WriteAsync("{\"error_code\":50003,\"message\":\"Injected fault: the registry is unavailable\"}", context.RequestAborted);
    }
}
