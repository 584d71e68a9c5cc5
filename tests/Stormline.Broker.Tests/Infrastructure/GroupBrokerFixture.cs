using Stormline.Broker.Server;

namespace Stormline.Broker.Tests.Infrastructure;

/// <summary>
/// An in-process broker for group tests: session timeouts down to 500 ms are accepted (Kafka's minimum is 6 s), so
/// tests can watch members expire quickly.
/// </summary>
public sealed class GroupBrokerFixture : IAsyncLifetime
{
    public const int MinSessionTimeoutMs = 500;

    public const int MaxSessionTimeoutMs = 60_000;

    public KafkaBroker Broker { get; private set; } = null!;

    public string BootstrapServers => Broker.BootstrapServers;

    public async ValueTask InitializeAsync() => Broker = await KafkaBroker.StartAsync(new BrokerOptions
    {
        Port = 0,
        GroupMinSessionTimeoutMs = MinSessionTimeoutMs,
        GroupMaxSessionTimeoutMs = MaxSessionTimeoutMs,
    });

    public async ValueTask DisposeAsync() => await Broker.DisposeAsync();

    /// <summary>A consumer config for group tests: quick heartbeats and a short rebalance timeout.</summary>
    public ConsumerConfigBuilder Consumer(string group) => new(BootstrapServers, group);
}

/// <summary>Builds a <see cref="Confluent.Kafka.ConsumerConfig"/> for a group member with test-friendly timings.</summary>
public sealed class ConsumerConfigBuilder(string bootstrap, string group)
{
    public Confluent.Kafka.ConsumerConfig Build(int sessionTimeoutMs = 6_000, string? clientId = null, string? groupInstanceId = null)
    {
        var config = KafkaClients.ConsumerConfig(bootstrap, group);
        config.SessionTimeoutMs = sessionTimeoutMs;
        config.HeartbeatIntervalMs = 200;
        config.MaxPollIntervalMs = 15_000;
        config.ClientId = clientId ?? "stormline-test";
        config.GroupInstanceId = groupInstanceId;
        return config;
    }
}
