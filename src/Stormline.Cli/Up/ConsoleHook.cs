using Stormline.Clients;
using Stormline.OpsConsole;

namespace Stormline.Cli.Up;

/// <summary>
/// Starts the web console (the same host as <c>stormline console</c>) inside <c>up</c>'s process: it reads the embedded
/// broker and registry, draws the shop's model with live rates, shows each service's readiness, and receives the
/// services' traces (OTLP over HTTP at <c>/v1/traces</c>) for the order journey.
/// </summary>
public static class ConsoleHook
{
    public static async Task<(string Url, IAsyncDisposable Handle)?> StartAsync(int port, string bootstrapServers, string? registryUrl, string modelFile,
        IReadOnlyList<ShopService> services, CancellationToken cancellationToken, SecureShop? secure = null)
    {
        var options = new ConsoleOptions
        {
            // Under --secure: the admin's broker and registry credentials, and only token holders get in.
            Clients = secure?.AdminClients ?? new ClientProperties(),
            Port = port,
            BootstrapServers = bootstrapServers,
            SchemaRegistryUrl = registryUrl,
            ModelFile = File.Exists(modelFile) ? modelFile : null,
        };
        foreach (var user in secure?.ConsoleUsers ?? [])
        {
            options.Users.Add(user);
        }

        options.HealthChecks.Clear();
        foreach (var service in services)
        {
            options.HealthChecks[service.Key] = $"{service.Url}/health/ready";
        }

        var console = await ConsoleHost.StartAsync(options, cancellationToken: cancellationToken);
        return (console.Url, console);
    }
}
