using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Stormline.Broker.Server;
using Stormline.Broker.Tests.Infrastructure;

namespace Stormline.Broker.Tests.Admin;

/// <summary>
/// Dynamic broker configs through Confluent.Kafka's AdminClient: AlterConfigs and IncrementalAlterConfigs on the
/// BROKER resource (this node, and the cluster-wide default) reach the live partition logs, show in DescribeConfigs
/// with Kafka's sources, and survive a restart.
/// </summary>
public sealed class DynamicBrokerConfigsTests : IDisposable
{
    private const long Hour = 3_600_000;
    private static readonly ConfigResource ThisBroker = new() { Type = ResourceType.Broker, Name = "1" };
    private const sbyte BrokerResource = 4;
    private const sbyte SetOperation = 0;
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "stormline-dynamic-configs-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task A_broker_level_value_beats_the_cluster_default_reaches_topics_without_an_override_and_survives_a_restart()
    {
        await using (var broker = await StartBrokerAsync())
        {
            using var admin = KafkaClients.Admin(broker.BootstrapServers);
            await admin.CreateTopicsAsync([
                new TopicSpecification { Name = "follows-broker", NumPartitions = 1, ReplicationFactor = 1 },
                new TopicSpecification { Name = "own-retention", NumPartitions = 1, ReplicationFactor = 1, Configs = new() { ["retention.ms"] = "60000" } },
            ]);

            // librdkafka will not send an empty resource name (the cluster-wide default), so that one goes on the wire.
            var clusterDefault = await AdminWireClient.IncrementalAlterConfigsAsync(broker.BootstrapServers, BrokerResource, string.Empty, [
                ("log.retention.ms", SetOperation, (2 * Hour).ToString()),
                ("log.segment.bytes", SetOperation, (1 << 20).ToString()),
            ]);
            Assert.Equal(Stormline.Broker.Protocol.ErrorCode.None, clusterDefault.Error);
            await admin.IncrementalAlterConfigsAsync(new() { [ThisBroker] = [Set("log.retention.ms", Hour)] });

            Assert.Equal(Hour, Log(broker, "follows-broker").Config.RetentionMs);
            Assert.Equal(1 << 20, Log(broker, "follows-broker").Config.SegmentBytes);
            Assert.Equal(60_000, Log(broker, "own-retention").Config.RetentionMs);

            var described = await DescribeAsync(admin, ThisBroker);
            Assert.Equal((Hour.ToString(), ConfigSource.DynamicBrokerConfig, false), (described["log.retention.ms"].Value, described["log.retention.ms"].Source, described["log.retention.ms"].IsReadOnly));
            Assert.Equal(ConfigSource.DynamicDefaultBrokerConfig, described["log.segment.bytes"].Source);
            Assert.True(described["num.partitions"].IsReadOnly);
            Assert.Equal(["log.retention.ms", "log.segment.bytes"], broker.Context.DynamicConfigs.ClusterDefaults().Keys.Order());
            var topic = await DescribeAsync(admin, new ConfigResource { Type = ResourceType.Topic, Name = "follows-broker" });
            Assert.Equal((Hour.ToString(), ConfigSource.DynamicBrokerConfig), (topic["retention.ms"].Value, topic["retention.ms"].Source));

            // Deleting this broker's value leaves the cluster default.
            await admin.IncrementalAlterConfigsAsync(new() { [ThisBroker] = [new ConfigEntry { Name = "log.retention.ms", IncrementalOperation = AlterConfigOpType.Delete }] });
            Assert.Equal(2 * Hour, Log(broker, "follows-broker").Config.RetentionMs);
        }

        await using (var broker = await StartBrokerAsync())
        {
            Assert.Equal(2 * Hour, Log(broker, "follows-broker").Config.RetentionMs);
            Assert.Equal(1 << 20, broker.Context.Options.SegmentBytes);
            using var admin = KafkaClients.Admin(broker.BootstrapServers);
            Assert.Equal(ConfigSource.DynamicDefaultBrokerConfig, (await DescribeAsync(admin, ThisBroker))["log.retention.ms"].Source);
        }
    }

    [Fact]
    public async Task Configs_that_cannot_change_at_runtime_and_bad_values_are_refused_and_change_nothing()
    {
        await using var broker = await StartBrokerAsync();
        using var admin = KafkaClients.Admin(broker.BootstrapServers);

        var fixedConfig = await Assert.ThrowsAsync<IncrementalAlterConfigsException>(() => admin.IncrementalAlterConfigsAsync(new() { [ThisBroker] = [Set("num.partitions", 4)] }));
        var error = Assert.Single(fixedConfig.Results).Error;
        Assert.Equal(ErrorCode.InvalidRequest, error.Code);
        Assert.Contains("Cannot update these configs dynamically: num.partitions", error.Reason, StringComparison.Ordinal);

        var badValue = await Assert.ThrowsAsync<IncrementalAlterConfigsException>(() => admin.IncrementalAlterConfigsAsync(new() { [ThisBroker] = [Set("log.segment.bytes", -5)] }));
        Assert.Equal(ErrorCode.InvalidConfig, Assert.Single(badValue.Results).Error.Code);

        var append = await Assert.ThrowsAsync<IncrementalAlterConfigsException>(() => admin.IncrementalAlterConfigsAsync(new()
        {
            [ThisBroker] = [new ConfigEntry { Name = "log.retention.ms", Value = "1", IncrementalOperation = AlterConfigOpType.Append }],
        }));
        Assert.Equal(ErrorCode.InvalidConfig, Assert.Single(append.Results).Error.Code);

        Assert.Equal(new BrokerOptions().RetentionMs, broker.Context.Options.RetentionMs);
        Assert.Equal(new BrokerOptions().SegmentBytes, broker.Context.Options.SegmentBytes);
        Assert.Equal(1, broker.Context.Options.DefaultPartitions);
    }

    [Fact]
    public async Task Legacy_AlterConfigs_replaces_the_whole_set_of_this_brokers_dynamic_configs()
    {
        await using var broker = await StartBrokerAsync();
        using var admin = KafkaClients.Admin(broker.BootstrapServers);
        await admin.IncrementalAlterConfigsAsync(new() { [ThisBroker] = [Set("log.retention.ms", Hour), Set("message.max.bytes", 2_000_000)] });

        await admin.AlterConfigsAsync(new() { [ThisBroker] = [new ConfigEntry { Name = "log.flush.interval.messages", Value = "1" }] });

        Assert.Equal(1, broker.Context.Options.FlushIntervalMessages);
        Assert.Equal(new BrokerOptions().RetentionMs, broker.Context.Options.RetentionMs);
        Assert.Equal(new BrokerOptions().MessageMaxBytes, broker.Context.Options.MessageMaxBytes);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    private static ConfigEntry Set(string name, long value) => new() { Name = name, Value = value.ToString(), IncrementalOperation = AlterConfigOpType.Set };

    private static Stormline.Broker.Log.PartitionLog Log(KafkaBroker broker, string topic) =>
        broker.Context.Topics.TryGet(topic, out var found) ? found.Partitions[0] : throw new InvalidOperationException($"no topic {topic}");

    private static async Task<Dictionary<string, ConfigEntryResult>> DescribeAsync(IAdminClient admin, ConfigResource resource) =>
        Assert.Single(await admin.DescribeConfigsAsync([resource])).Entries;

    private Task<KafkaBroker> StartBrokerAsync() => KafkaBroker.StartAsync(new BrokerOptions { Port = 0, DataDirectory = _dataDirectory });
}
