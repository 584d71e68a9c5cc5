using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Stormline.OpsConsole.Security;

/// <summary>
/// Keeps other web sites out. Every request must name a host the console answers to (a page on a rebound DNS name
/// would otherwise read the API as same-origin). An action (non-GET /api) must also come from the console's own
/// origin (Origin and Sec-Fetch-Site, when the browser sends them), carry a JSON content type (HTML forms and
/// "simple" cross-origin requests cannot), and carry the per-process CSRF token that only a same-origin page can read
/// from /api/info.
/// </summary>
internal sealed class CrossSiteGuard
{
    public const string CsrfHeader = "X-Stormline-CSRF";

    private readonly HashSet<string>? _hosts;
    private readonly byte[] _csrf;

    public CrossSiteGuard(ConsoleOptions options)
    {
        CsrfToken = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        _csrf = Encoding.ASCII.GetBytes(CsrfToken);
        var wildcard = options.Host is "0.0.0.0" or "::" or "[::]";
        // Listening on every interface with no names given: any Host is accepted (a token is required there anyway).
        _hosts = wildcard && options.AllowedHosts.Count == 0
            ? null
            : new HashSet<string>(["localhost", "127.0.0.1", "[::1]", Bracketed(options.Host), .. options.AllowedHosts.Select(Bracketed)], StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Given to the UI in /api/info; echoed back in <see cref="CsrfHeader"/> on every action.</summary>
    public string CsrfToken { get; }

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var request = context.Request;
        if (_hosts is not null && !_hosts.Contains(request.Host.Host))
        {
            await Refuse(context, StatusCodes.Status400BadRequest, "Unknown host", $"This console does not answer to the host '{request.Host.Host}'; add it with --allowed-host if it is yours.");
            return;
        }

        if (request.Path.StartsWithSegments("/api") && !HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method))
        {
            if (CrossSite(request) is { } reason)
            {
                await Refuse(context, StatusCodes.Status403Forbidden, "Cross-site request refused", reason);
                return;
            }

            if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type)
                || !(type.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) || type.MediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase)))
            {
                await Refuse(context, StatusCodes.Status415UnsupportedMediaType, "JSON required",
                    $"Actions take 'Content-Type: application/json' (a body of {{}} when there is nothing to say), not '{request.ContentType}'.");
                return;
            }

            if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(request.Headers[CsrfHeader].ToString()), _csrf))
            {
                await Refuse(context, StatusCodes.Status403Forbidden, "CSRF token missing",
                    $"Actions need the '{CsrfHeader}' header with the csrfToken from GET /api/info.");
                return;
            }
        }

        await next(context);
    }

    private static string? CrossSite(HttpRequest request)
    {
        var site = request.Headers["Sec-Fetch-Site"].ToString();
        if (site.Length > 0 && site is not ("same-origin" or "none"))
        {
            return $"The browser says this request comes from another site (Sec-Fetch-Site: {site}).";
        }

        var origin = request.Headers.Origin.ToString();
        var own = $"{request.Scheme}://{request.Host.Value}";
        return origin.Length > 0 && !string.Equals(origin, own, StringComparison.OrdinalIgnoreCase)
            ? $"Origin '{origin}' is not this console ({own})."
            : null;
    }

    private static string Bracketed(string host) => IPAddress.TryParse(host, out var ip) && ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{host.Trim('[', ']')}]" : host;

    private static Task Refuse(HttpContext context, int status, string title, string detail) =>
        Results.Problem(statusCode: status, title: title, detail: detail).ExecuteAsync(context);
}
