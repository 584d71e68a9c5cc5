using Stormline.Cli.Up;

namespace Stormline.Cli.Projections;

/// <summary>A service named on the command line: a URL as given, or a shop service's name (orders, payments, deliveries) at its <c>stormline up</c> port.</summary>
internal static class ServiceUrl
{
    /// <summary>The base URL; null when <paramref name="service"/> is neither a URL nor a known name.</summary>
    public static Uri? Resolve(string service)
    {
        if (service.Contains("://", StringComparison.Ordinal))
        {
            return Uri.TryCreate(service.TrimEnd('/') + "/", UriKind.Absolute, out var url) && url.Scheme is "http" or "https" ? url : null;
        }

        return ShopService.Defaults().FirstOrDefault(s => s.Key == service.ToLowerInvariant()) is { } known ? new Uri(known.Url + "/") : null;
    }

    public static string Known => string.Join(", ", ShopService.Defaults().Select(s => s.Key));
}
