using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Stormline.Registry.Rest;

namespace Stormline.Registry.Security;

/// <summary>
/// HTTP basic authentication with roles, as Confluent's clients send it (<c>basic.auth.user.info</c>): 401 without valid
/// credentials, 403 when the user's role is below what the request needs (<see cref="RegistryAccess"/>).
/// </summary>
internal sealed class RegistryAuthentication
{
    private const string Challenge = "Basic realm=\"Stormline Schema Registry\", charset=\"UTF-8\"";

    private readonly Dictionary<string, RegistryUser> _users;
    private readonly string _unknownUserHash = RegistryPasswordHash.Create(Guid.NewGuid().ToString());

    // PBKDF2 costs tens of milliseconds by design; clients send the same header on every call, so a verified one is
    // remembered (by its SHA-256, not in clear). At most one entry per user and password.
    private readonly ConcurrentDictionary<string, RegistryUser> _verified = new(StringComparer.Ordinal);

    public RegistryAuthentication(IEnumerable<RegistryUser> users)
    {
        _users = new Dictionary<string, RegistryUser>(StringComparer.Ordinal);
        foreach (var user in users)
        {
            if (!_users.TryAdd(user.Name, user))
            {
                throw new FormatException($"Registry user '{user.Name}' is configured twice");
            }
        }
    }

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var user = Authenticate(context.Request.Headers.Authorization.ToString());
        if (user is null)
        {
            context.Response.Headers.WWWAuthenticate = Challenge;
            await RegistryErrorFilter.Error(RegistryErrors.Unauthorized()).ExecuteAsync(context);
            return;
        }

        var required = RegistryAccess.Required(context.Request);
        if (user.Role < required)
        {
            await RegistryErrorFilter.Error(RegistryErrors.Forbidden(user.Name, RegistryRoles.Name(user.Role), RegistryRoles.Name(required), context.Request.Method, context.Request.Path))
                .ExecuteAsync(context);
            return;
        }

        await next(context);
    }

    private RegistryUser? Authenticate(string authorization)
    {
        if (!AuthenticationHeaderValue.TryParse(authorization, out var header)
            || !string.Equals(header.Scheme, "Basic", StringComparison.OrdinalIgnoreCase) || header.Parameter is null)
        {
            return null;
        }

        var key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(header.Parameter)));
        if (_verified.TryGetValue(key, out var known))
        {
            return known;
        }

        string userInfo;
        try
        {
            userInfo = Encoding.UTF8.GetString(Convert.FromBase64String(header.Parameter));
        }
        catch (FormatException)
        {
            return null;
        }

        var colon = userInfo.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return null;
        }

        var password = userInfo[(colon + 1)..];
        if (!_users.TryGetValue(userInfo[..colon], out var user))
        {
            // Same work as for a real user, so response times do not tell which names exist.
            RegistryPasswordHash.Verify(password, _unknownUserHash);
            return null;
        }

        if (!RegistryPasswordHash.Verify(password, user.PasswordHash))
        {
            return null;
        }

        _verified[key] = user;
        return user;
    }
}
