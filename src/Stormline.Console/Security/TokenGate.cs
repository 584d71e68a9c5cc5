using System.Net;
using Microsoft.AspNetCore.Http;

namespace Stormline.OpsConsole.Security;

/// <summary>
/// Who may call the console. Bound to a non-loopback address it needs a token or users, and then every /api call
/// must carry <c>Authorization: Bearer TOKEN</c> (401 otherwise), and so must a Prometheus scrape of /metrics and an OTLP
/// export to /v1/*. An action (any non-GET /api call) needs the operator role, and is 403 for everyone in read-only
/// mode. The single <see cref="ConsoleOptions.Token"/> is an operator named "token"; without token or users a loopback
/// console serves everyone as the operator "local", as it always has. The UI's static files carry no data and stay
/// open, so the page can load and ask for the token.
/// </summary>
internal sealed class TokenGate
{
    private readonly ConsoleOptions _options;
    private readonly Dictionary<string, ConsoleUser> _byTokenHash = new(StringComparer.Ordinal);

    public TokenGate(ConsoleOptions options)
    {
        _options = options;
        var users = options.Users.Concat(options.UsersFile is { } file ? ConsoleUsersFile.Load(file) : []);
        if (options.Token is { Length: > 0 } token)
        {
            users = users.Append(ConsoleUser.WithToken("token", ConsoleRole.Operator, token));
        }

        foreach (var user in users)
        {
            if (!_byTokenHash.TryAdd(user.TokenSha256, user))
            {
                throw new FormatException($"Console users '{_byTokenHash[user.TokenSha256].Name}' and '{user.Name}' have the same token; each needs its own, or the audit log cannot tell them apart.");
            }
        }
    }

    /// <summary>Throws when the options would expose the console without a token.</summary>
    public static void Validate(ConsoleOptions options)
    {
        var loopback = options.Host is "localhost" || (IPAddress.TryParse(options.Host, out var address) && IPAddress.IsLoopback(address));
        if (!loopback && string.IsNullOrEmpty(options.Token) && options.Users.Count == 0 && options.UsersFile is null)
        {
            throw new InvalidOperationException($"Refusing to listen on {options.Host} without a token: anyone who reaches it could read messages and reset offsets. Pass --token or --users-file (or listen on 127.0.0.1).");
        }
    }

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var path = context.Request.Path;
        if (!path.StartsWithSegments("/api") && !path.StartsWithSegments("/metrics") && !path.StartsWithSegments("/v1"))
        {
            await next(context);
            return;
        }

        var caller = ConsoleCaller.Local;
        if (_byTokenHash.Count > 0)
        {
            if (Bearer(context.Request.Headers.Authorization.ToString()) is not { } token || !_byTokenHash.TryGetValue(ConsoleUser.Hash(token), out var user))
            {
                context.Response.Headers.WWWAuthenticate = "Bearer";
                await Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized",
                    detail: "This console needs 'Authorization: Bearer TOKEN' (the token it was started with, or a user's).").ExecuteAsync(context);
                return;
            }

            caller = new ConsoleCaller(user.Name, user.Role);
        }

        caller.AttachTo(context);
        if (path.StartsWithSegments("/api") && !HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
        {
            if (_options.ReadOnly)
            {
                await Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Read-only console",
                    detail: "This console was started with --read-only; actions are disabled.").ExecuteAsync(context);
                return;
            }

            if (caller.Role < ConsoleRole.Operator)
            {
                await Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Viewer",
                    detail: $"'{caller.Name}' is a viewer; actions (produce, topic and group changes, resets, redrives) need the operator role.").ExecuteAsync(context);
                return;
            }
        }

        await next(context);
    }

    // Hashing the presented token and looking the hash up compares no secret byte by byte, so timing tells nothing.
    private static string? Bearer(string header)
    {
        const string scheme = "Bearer ";
        return header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) && header[scheme.Length..].Trim() is { Length: > 0 } token ? token : null;
    }
}
