using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Stormline.Broker.Tests.Infrastructure;

namespace Stormline.Broker.Tests.Groups;

/// <summary>OffsetDelete (KIP-496) through Confluent.Kafka's AdminClient, with Kafka's errors.</summary>
public sealed class OffsetDeleteTests(GroupBrokerFixture fixture) : IClassFixture<GroupBrokerFixture>
{
    [Fact]
    public async Task A_live_group_keeps_the_offsets_of_topics_its_members_subscribe_to_and_loses_the_others()
    {
        await KafkaClients.CreateTopicAsync(fixture.BootstrapServers, "subscribed", 1);
        await KafkaClients.CreateTopicAsync(fixture.BootstrapServers, "formerly-read", 1);
        using var member = new PolledConsumer(fixture.Consumer("live-deleter").Build(), "subscribed");
        await Eventually.Until(() => member.Partitions.Count == 1, TimeSpan.FromSeconds(20), () => "no assignment");
        member.Commit([new TopicPartitionOffset("subscribed", 0, 2), new TopicPartitionOffset("formerly-read", 0, 5)]);

        using var admin = KafkaClients.Admin(fixture.BootstrapServers);
        var failed = await Assert.ThrowsAsync<DeleteConsumerGroupOffsetsException>(() => admin.DeleteConsumerGroupOffsetsAsync(
            "live-deleter",
            [new TopicPartition("subscribed", 0), new TopicPartition("formerly-read", 0), new TopicPartition("never-created", 0)]));
        var errors = failed.Result.Partitions.ToDictionary(p => p.Topic, p => p.Error.Code);
        Assert.Equal(ErrorCode.GroupSubscribedToTopic, errors["subscribed"]);
        Assert.Equal(ErrorCode.NoError, errors["formerly-read"]);
        Assert.Equal(ErrorCode.UnknownTopicOrPart, errors["never-created"]);

        var left = await admin.ListConsumerGroupOffsetsAsync([new ConsumerGroupTopicPartitions("live-deleter", null)]);
        Assert.Equal(["subscribed"], Assert.Single(left).Partitions.Select(p => p.Topic));
        member.Close();
    }

    [Fact]
    public async Task An_empty_group_loses_the_named_offsets_and_disappears_with_its_last_one()
    {
        await KafkaClients.CreateTopicAsync(fixture.BootstrapServers, "offsets-to-delete", 2);
        using (var offsetsOnly = new ConsumerBuilder<string, string>(KafkaClients.ConsumerConfig(fixture.BootstrapServers, "empty-deleter")).Build())
        {
            offsetsOnly.Commit([new TopicPartitionOffset("offsets-to-delete", 0, 3), new TopicPartitionOffset("offsets-to-delete", 1, 4)]);
        }

        using var admin = KafkaClients.Admin(fixture.BootstrapServers);
        var first = await admin.DeleteConsumerGroupOffsetsAsync("empty-deleter", [new TopicPartition("offsets-to-delete", 0)]);
        Assert.Equal("empty-deleter", first.Group);
        var left = await admin.ListConsumerGroupOffsetsAsync([new ConsumerGroupTopicPartitions("empty-deleter", null)]);
        Assert.Equal([1], Assert.Single(left).Partitions.Select(p => p.Partition.Value));
        Assert.Contains((await admin.ListConsumerGroupsAsync()).Valid, g => g.GroupId == "empty-deleter");

        await admin.DeleteConsumerGroupOffsetsAsync("empty-deleter", [new TopicPartition("offsets-to-delete", 1)]);
        Assert.DoesNotContain((await admin.ListConsumerGroupsAsync()).Valid, g => g.GroupId == "empty-deleter");
    }

    [Fact]
    public async Task An_unknown_group_is_GROUP_ID_NOT_FOUND()
    {
        await KafkaClients.CreateTopicAsync(fixture.BootstrapServers, "no-group-here", 1);
        using var admin = KafkaClients.Admin(fixture.BootstrapServers);
        // librdkafka reports a group-level error as the request's error, not per partition.
        var failed = await Assert.ThrowsAnyAsync<KafkaException>(() =>
            admin.DeleteConsumerGroupOffsetsAsync("never-a-group", [new TopicPartition("no-group-here", 0)]));
        Assert.Equal(ErrorCode.GroupIdNotFound, failed.Error.Code);
    }
}
