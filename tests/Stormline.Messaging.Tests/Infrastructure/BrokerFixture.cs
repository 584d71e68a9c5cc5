using Stormline.Broker.Server;

namespace Stormline.Messaging.Tests.Infrastructure;

/// <summary>An in-process broker on an OS-assigned port with a temporary data folder, shared by one test class.</summary>
public sealed class BrokerFixture : IAsyncLifetime
{
    public KafkaBroker Broker { get; private set; } = null!;

    public string BootstrapServers => Broker.BootstrapServers;

    public async ValueTask InitializeAsync() => Broker = await KafkaBroker.StartAsync(new BrokerOptions { Port = 0 });

    public async ValueTask DisposeAsync() => await Broker.DisposeAsync();
}
