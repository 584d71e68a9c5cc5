using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Stormline.EventSourcing.Store;

namespace Stormline.Hosting.Http;

/// <summary>
/// A request that failed because the store was briefly out of reach (a restart, a failover, a full connection pool,
/// SQLite busy) answers 503 with Retry-After and problem+json: the client may retry, and a load balancer or an HTTP
/// resilience handler knows it, where a 500 would say the service is broken.
/// </summary>
internal sealed partial class StoreUnavailableHandler(IProblemDetailsService problems, ILogger<StoreUnavailableHandler> log) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (!TransientFailures.IsTransient(exception)) return false;
        StoreUnavailable(httpContext.Request.Method, httpContext.Request.Path, exception.Message);
        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = "1";
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails =
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "The service's store is unavailable for the moment.",
                Detail = "Retry the request shortly; nothing was changed by this attempt unless it had already committed.",
            },
        });
    }

    [LoggerMessage(1, LogLevel.Warning, "{Method} {Path} answered 503: the store is unavailable ({Reason})")]
    private partial void StoreUnavailable(string method, string path, string reason);
}
