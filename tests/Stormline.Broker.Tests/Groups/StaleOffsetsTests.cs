using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Stormline.Broker.Server;
using Stormline.Broker.Tests.Infrastructure;

namespace Stormline.Broker.Tests.Groups;

/// <summary>
/// Committed offsets do not outlive their use: they go with their topic, expire after offsets.retention.minutes as
/// Kafka expires them, and a group can be deleted as soon as its members have left.
/// </summary>
public sealed class StaleOffsetsTests : IDisposable
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "stormline-stale-offsets-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task A_group_reads_a_recreated_topic_from_its_start_and_the_deletion_survives_a_restart()
    {
        const string topic = "recreated";
        await using (var broker = await StartBrokerAsync())
        {
            await KafkaClients.CreateTopicAsync(broker.BootstrapServers, topic, 1);
            await KafkaClients.CreateTopicAsync(broker.BootstrapServers, "kept", 1);
            await KafkaClients.ProduceAsync(broker.BootstrapServers, topic, partitions: 1, perPartition: 10);
            using (var consumer = new PolledConsumer(Config(broker, "readers"), topic))
            {
                await Eventually.Until(() => consumer.Received.Count == 10, TimeSpan.FromSeconds(20), () => $"{consumer.Received.Count} of 10 records");
                consumer.Commit([new TopicPartitionOffset(topic, 0, 10), new TopicPartitionOffset("kept", 0, 4)]);
                consumer.Close();
            }

            using var admin = KafkaClients.Admin(broker.BootstrapServers);
            await admin.DeleteTopicsAsync([topic]);
            Assert.Equal(new Dictionary<string, long> { ["kept"] = 4 }, await CommittedAsync(admin, "readers"));

            // The new topic gets more records than the old offset: a stale offset would skip the first ten.
            await KafkaClients.CreateTopicAsync(broker.BootstrapServers, topic, 1);
            await KafkaClients.ProduceAsync(broker.BootstrapServers, topic, partitions: 1, perPartition: 13);
            using var again = new PolledConsumer(Config(broker, "readers"), topic);
            await Eventually.Until(() => again.Received.Count == 13, TimeSpan.FromSeconds(20), () => $"{again.Received.Count} of 13 records");
            Assert.Equal(0, again.Received.Min(r => r.Offset.Value));
            again.Close();
        }

        await using (var broker = await StartBrokerAsync())
        {
            using var admin = KafkaClients.Admin(broker.BootstrapServers);
            Assert.Equal(new Dictionary<string, long> { ["kept"] = 4 }, await CommittedAsync(admin, "readers"));
        }
    }

    [Fact]
    public async Task Offsets_expire_per_commit_without_members_or_subscription_and_as_a_whole_once_a_consumer_group_became_empty()
    {
        const string topic = "expiring";
        await using var broker = await StartBrokerAsync(retentionMs: 1_500);
        await KafkaClients.CreateTopicAsync(broker.BootstrapServers, topic, 2);
        await KafkaClients.CreateTopicAsync(broker.BootstrapServers, "no-longer-read", 1);
        using var admin = KafkaClients.Admin(broker.BootstrapServers);

        using var member = new PolledConsumer(Config(broker, "members"), topic);
        await Eventually.Until(() => member.Partitions.Count == 2, TimeSpan.FromSeconds(20), () => $"assigned [{string.Join(",", member.Partitions)}]");
        member.Commit([new TopicPartitionOffset(topic, 0, 3), new TopicPartitionOffset("no-longer-read", 0, 6)]);

        // Committed after the member's commit, so its expiry proves the member's commit is older than the retention:
        // the offset of the topic the member does not subscribe to goes, the subscribed one stays while it is a member.
        using (var offsetsOnly = new ConsumerBuilder<string, string>(KafkaClients.ConsumerConfig(broker.BootstrapServers, "offsets-only")).Build())
        {
            offsetsOnly.Commit([new TopicPartitionOffset(topic, 1, 8)]);
        }

        await Eventually.Until(
            () => !admin.ListConsumerGroupsAsync().Result.Valid.Any(g => g.GroupId == "offsets-only"),
            TimeSpan.FromSeconds(20),
            () => "the offsets-only group kept its offsets");
        Assert.Equal(new Dictionary<string, long> { [topic] = 3 }, await CommittedAsync(admin, "members"));

        member.Close();
        await Eventually.Until(
            () => CommittedAsync(admin, "members").Result.Count == 0,
            TimeSpan.FromSeconds(20),
            () => "the emptied group kept its offsets");
        Assert.DoesNotContain((await admin.ListConsumerGroupsAsync()).Valid, g => g.GroupId == "members");
    }

    [Fact]
    public async Task A_group_is_deleted_right_after_its_last_member_closes()
    {
        const string topic = "delete-after-leave";
        await using var broker = await StartBrokerAsync();
        await KafkaClients.CreateTopicAsync(broker.BootstrapServers, topic, 1);
        using var admin = KafkaClients.Admin(broker.BootstrapServers);
        using (var member = new PolledConsumer(Config(broker, "leavers"), topic))
        {
            await Eventually.Until(() => member.Partitions.Count == 1, TimeSpan.FromSeconds(20), () => "no assignment");
            member.Commit([new TopicPartitionOffset(topic, 0, 1)]);
            member.Close();
        }

        await admin.DeleteGroupsAsync(["leavers"]);
        Assert.Empty(await CommittedAsync(admin, "leavers"));
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

    private static async Task<Dictionary<string, long>> CommittedAsync(IAdminClient admin, string group)
    {
        var listed = await admin.ListConsumerGroupOffsetsAsync([new ConsumerGroupTopicPartitions(group, null)]);
        return Assert.Single(listed).Partitions.Where(p => p.Offset != Offset.Unset).ToDictionary(p => p.Topic, p => p.Offset.Value);
    }

    private static ConsumerConfig Config(KafkaBroker broker, string group) => new ConsumerConfigBuilder(broker.BootstrapServers, group).Build();

    private Task<KafkaBroker> StartBrokerAsync(long retentionMs = 7L * 24 * 60 * 60 * 1000) => KafkaBroker.StartAsync(new BrokerOptions
    {
        Port = 0,
        DataDirectory = _dataDirectory,
        GroupMinSessionTimeoutMs = GroupBrokerFixture.MinSessionTimeoutMs,
        OffsetsRetentionMs = retentionMs,
        OffsetsRetentionCheckIntervalMs = 100,
    });
}
