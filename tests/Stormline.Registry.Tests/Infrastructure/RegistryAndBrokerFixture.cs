using Stormline.Broker.Server;

namespace Stormline.Registry.Tests.Infrastructure;

/// <summary>The embedded broker and the registry, both in-process on free loopback ports: what the Confluent serdes need.</summary>
public sealed class RegistryAndBrokerFixture : IAsyncLifetime
{
    public RegistryFixture Registry { get; } = new();

    public KafkaBroker Broker { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        await Registry.InitializeAsync();
        Broker = await KafkaBroker.StartAsync(new BrokerOptions { Port = 0 });
    }

    public async ValueTask DisposeAsync()
    {
        await Broker.DisposeAsync();
        await Registry.DisposeAsync();
    }
}
