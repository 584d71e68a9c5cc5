using Confluent.Kafka;
using Stormline.Clients;
using Stormline.Ops.Collecting;

namespace Stormline.OpsConsole.Kafka;

/// <summary>
/// The console's Kafka connections: one admin client shared by every request (it is thread-safe), and
/// short-lived consumers and producers built per operation so a slow browse never blocks another page.
/// </summary>
internal sealed class KafkaClients : IDisposable
{
    /// <summary>The console never joins a group to read; this id only labels its commits-free consumers.</summary>
    public const string BrowserGroup = "stormline-console";

    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(10);

    private readonly string _bootstrap;
    private readonly ClientProperties _properties;

    /// <exception cref="ArgumentException">librdkafka refused one of <paramref name="properties"/>' settings.</exception>
    public KafkaClients(string bootstrapServers, ClientProperties properties)
    {
        _bootstrap = bootstrapServers;
        _properties = properties;
        Admin = new AdminClientBuilder(properties.ApplyTo(new AdminClientConfig { BootstrapServers = bootstrapServers, SocketTimeoutMs = 10_000 })).Build();
    }

    public IAdminClient Admin { get; }

    /// <summary>Partition sizes by broker (DescribeLogDirs, which the AdminClient lacks); see <see cref="LogDirSizes"/>.</summary>
    public Task<Dictionary<int, Dictionary<(string Topic, int Partition), long>?>> SizesAsync(Metadata metadata) =>
        LogDirSizes.ReadAllAsync(metadata.Brokers.Select(b => (b.BrokerId, b.Host, b.Port)), _properties.Kafka, RequestTimeout, CancellationToken.None);

    /// <summary>A consumer for assigned (never subscribed) reads; commits nothing.</summary>
    public IConsumer<byte[]?, byte[]?> Reader() =>
        new ConsumerBuilder<byte[]?, byte[]?>(_properties.ApplyTo(new ConsumerConfig
        {
            BootstrapServers = _bootstrap,
            GroupId = BrowserGroup,
            EnableAutoCommit = false,
            EnableAutoOffsetStore = false,
            EnablePartitionEof = true,
            AutoOffsetReset = AutoOffsetReset.Earliest,
        })).Build();

    public IProducer<byte[]?, byte[]?> Producer() =>
        new ProducerBuilder<byte[]?, byte[]?>(_properties.ApplyTo(new ProducerConfig { BootstrapServers = _bootstrap, EnableIdempotence = true, MessageTimeoutMs = 15_000 })).Build();

    public void Dispose() => Admin.Dispose();
}
