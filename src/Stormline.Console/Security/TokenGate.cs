using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Stormline.OpsConsole.Security;

/// <summary>
/// The console's two safety rules. Bound to a non-loopback address it needs a token, and then every /api call must
/// carry <c>Authorization: Bearer TOKEN</c> (401 otherwise), and so must a Prometheus scrape of /metrics and an OTLP export to /v1/*. In read-only mode every action (any non-GET /api call) is 403.
/// The UI's static files carry no data and stay open, so the page can load and ask for the token.
/// </summary>
internal sealed class TokenGate(ConsoleOptions options)
{
    private readonly byte[]? _token = options.Token is { Length: > 0 } t ? Encoding.UTF8.GetBytes(t) : null;

    /// <summary>Throws when the options would expose the console without a token.</summary>
    public static void Validate(ConsoleOptions options)
    {
        var loopback = options.Host is "localhost" || (IPAddress.TryParse(options.Host, out var address) && IPAddress.IsLoopback(address));
        if (!loopback && string.IsNullOrEmpty(options.Token))
        {
            throw new InvalidOperationException($"Refusing to listen on {options.Host} without a token: anyone who reaches it could read messages and reset offsets. Pass --token (or listen on 127.0.0.1).");
        }
    }

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (!context.Request.Path.StartsWithSegments("/api") && !context.Request.Path.StartsWithSegments("/metrics") && !context.Request.Path.StartsWithSegments("/v1"))
        {
            await next(context);
            return;
        }

        if (_token is not null && !Authorized(context.Request.Headers.Authorization.ToString()))
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            await Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized",
                detail: "This console needs 'Authorization: Bearer TOKEN' (the token it was started with).").ExecuteAsync(context);
            return;
        }

        if (options.ReadOnly && context.Request.Path.StartsWithSegments("/api") && !HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
        {
            await Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Read-only console",
                detail: "This console was started with --read-only; actions are disabled.").ExecuteAsync(context);
            return;
        }

        await next(context);
    }

    private bool Authorized(string header)
    {
        const string scheme = "Bearer ";
        if (!header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(header[scheme.Length..].Trim()), _token);
    }
}
