using Confluent.Kafka;
using Confluent.Kafka.Admin;
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
    public async Task<(SchemaRegistryHost Host, RegistryClient Client)> StartAsync(string topic, ILoggerFactory? loggers = null, TimeSpan? storeTimeout = null)
    {
        var options = Options(topic);
        options.StoreTimeout = storeTimeout ?? options.StoreTimeout;
        var host = await SchemaRegistryHost.StartAsync(options, loggers);
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

    /// <summary>Every record of a one-partition topic, oldest first (keys and values as text; null values are tombstones).</summary>
    public List<(string Key, string? Value)> ReadAll(string topic, int expected)
    {
        using var consumer = new ConsumerBuilder<string, string?>(new ConsumerConfig
        {
            BootstrapServers = Broker.BootstrapServers, GroupId = "read-" + Guid.NewGuid().ToString("N"), EnableAutoCommit = false,
        }).Build();
        consumer.Assign(new TopicPartitionOffset(topic, 0, Offset.Beginning));
        var records = new List<(string, string?)>();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (records.Count < expected && DateTime.UtcNow < deadline)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(500)) is { } result)
            {
                records.Add((result.Message.Key, result.Message.Value));
            }
        }

        Assert.True(records.Count == expected, $"{topic}: read {records.Count} records, expected {expected}");
        return records;
    }

    /// <summary>
    /// Writes what Kafka's compaction eventually leaves of <paramref name="source"/> — the last record of each key, no
    /// tombstones — into a new topic that keeps everything (the embedded broker does not compact).
    /// </summary>
    public async Task CompactIntoAsync(string source, int records, string target)
    {
        var compacted = ReadAll(source, records).GroupBy(r => r.Key).Select(g => g.Last()).Where(r => r.Value is not null).ToList();
        using (var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = Broker.BootstrapServers }).Build())
        {
            await admin.CreateTopicsAsync([new TopicSpecification
            {
                Name = target, NumPartitions = 1, ReplicationFactor = 1, Configs = new() { ["retention.ms"] = "-1", ["retention.bytes"] = "-1" },
            }]);
        }

        using var producer = new ProducerBuilder<string, string?>(new ProducerConfig { BootstrapServers = Broker.BootstrapServers }).Build();
        foreach (var (key, value) in compacted)
        {
            await producer.ProduceAsync(target, new Message<string, string?> { Key = key, Value = value });
        }
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
