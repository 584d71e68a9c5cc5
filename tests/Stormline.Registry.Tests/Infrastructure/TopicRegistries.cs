using System.Net.Http.Headers;
using Microsoft.Extensions.Logging;
using Stormline.Broker.Server;

namespace Stormline.Registry.Tests.Infrastructure;

/// <summary>
/// The embedded broker and any number of registries keeping their state in one of its topics: a restart is a new
/// registry on the same topic, a second registry is another on the same topic at the same time.
/// </summary>
public sealed class TopicRegistries : IAsyncLifetime
{
    private readonly List<SchemaRegistryHost> _hosts = [];

    public KafkaBroker Broker { get; private set; } = null!;

    public async ValueTask InitializeAsync() => Broker = await KafkaBroker.StartAsync(new BrokerOptions { Port = 0 });

    /// <summary>A registry on <paramref name="topic"/> and an HttpClient (Confluent's media type) pointed at it.</summary>
    public async Task<(SchemaRegistryHost Host, RegistryClient Client)> StartAsync(string topic, ILoggerFactory? loggers = null)
    {
        var host = await SchemaRegistryHost.StartAsync(Options(topic), loggers);
        _hosts.Add(host);
        return (host, new RegistryClient(host.Url));
    }

    public RegistryOptions Options(string topic) =>
        new() { Port = 0, BootstrapServers = Broker.BootstrapServers, Topic = topic, StoreTimeout = TimeSpan.FromSeconds(30) };

    public async Task StopAsync(SchemaRegistryHost host)
    {
        _hosts.Remove(host);
        await host.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var host in _hosts)
        {
            await host.DisposeAsync();
        }

        await Broker.DisposeAsync();
    }
}
