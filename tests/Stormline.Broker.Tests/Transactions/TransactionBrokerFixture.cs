using Stormline.Broker.Server;

namespace Stormline.Broker.Tests.Transactions;

/// <summary>An in-process broker that looks for timed-out transactions every 100 ms instead of every 10 s.</summary>
public sealed class TransactionBrokerFixture : IAsyncLifetime
{
    public KafkaBroker Broker { get; private set; } = null!;

    public string BootstrapServers => Broker.BootstrapServers;

    public async ValueTask InitializeAsync() =>
        Broker = await KafkaBroker.StartAsync(new BrokerOptions { Port = 0, TransactionAbortTimedOutTransactionCleanupIntervalMs = 100 });

    public async ValueTask DisposeAsync() => await Broker.DisposeAsync();
}
