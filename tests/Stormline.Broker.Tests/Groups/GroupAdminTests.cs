using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Stormline.Broker.Tests.Infrastructure;

namespace Stormline.Broker.Tests.Groups;

/// <summary>Confluent.Kafka's AdminClient on groups: list, describe, list offsets, delete (with Kafka's error codes).</summary>
public sealed class GroupAdminTests(GroupBrokerFixture fixture) : IClassFixture<GroupBrokerFixture>
{
    [Fact]
    public async Task The_admin_client_lists_describes_reads_offsets_of_and_deletes_groups()
    {
        const string topic = "admin-groups";
        await KafkaClients.CreateTopicAsync(fixture.BootstrapServers, topic, 3);

        // An active group with one member that commits, and a group that only stores offsets (commits without joining).
        using var member = new PolledConsumer(fixture.Consumer("admin-active").Build(clientId: "admin-member"), topic);
        await Eventually.Until(() => member.Partitions.Count == 3, TimeSpan.FromSeconds(20), () => $"assigned [{string.Join(",", member.Partitions)}]");
        member.Commit([new TopicPartitionOffset(topic, 0, 5), new TopicPartitionOffset(topic, 2, 9)]);
        using (var offsetsOnly = new ConsumerBuilder<string, string>(KafkaClients.ConsumerConfig(fixture.BootstrapServers, "admin-offsets-only")).Build())
        {
            offsetsOnly.Commit([new TopicPartitionOffset(topic, 1, 42)]);
        }

        using var admin = KafkaClients.Admin(fixture.BootstrapServers);

        var listed = await admin.ListConsumerGroupsAsync();
        var active = Assert.Single(listed.Valid, g => g.GroupId == "admin-active");
        Assert.False(active.IsSimpleConsumerGroup);
        var offsetsOnlyListing = Assert.Single(listed.Valid, g => g.GroupId == "admin-offsets-only");
        Assert.True(offsetsOnlyListing.IsSimpleConsumerGroup);

        var described = await admin.DescribeConsumerGroupsAsync(["admin-active", "admin-offsets-only", "admin-never-existed"]);
        var activeDescription = described.ConsumerGroupDescriptions.Single(d => d.GroupId == "admin-active");
        Assert.Equal(ConsumerGroupState.Stable, activeDescription.State);
        Assert.Equal("range", activeDescription.PartitionAssignor);
        Assert.False(activeDescription.IsSimpleConsumerGroup);
        var described1 = Assert.Single(activeDescription.Members);
        Assert.Equal("admin-member", described1.ClientId);
        Assert.Equal("/127.0.0.1", described1.Host);
        Assert.StartsWith("admin-member-", described1.ConsumerId, StringComparison.Ordinal);
        Assert.Equal([0, 1, 2], described1.Assignment.TopicPartitions.Select(tp => tp.Partition.Value).Order());
        var emptyDescription = described.ConsumerGroupDescriptions.Single(d => d.GroupId == "admin-offsets-only");
        Assert.Equal(ConsumerGroupState.Empty, emptyDescription.State);
        Assert.Empty(emptyDescription.Members);
        Assert.Equal(ConsumerGroupState.Dead, described.ConsumerGroupDescriptions.Single(d => d.GroupId == "admin-never-existed").State);

        var offsets = await admin.ListConsumerGroupOffsetsAsync([new ConsumerGroupTopicPartitions("admin-active", null)]);
        var committed = Assert.Single(offsets).Partitions.ToDictionary(p => p.Partition.Value, p => p.Offset.Value);
        Assert.Equal(new Dictionary<int, long> { [0] = 5, [2] = 9 }, committed);
        var asked = await admin.ListConsumerGroupOffsetsAsync([new ConsumerGroupTopicPartitions("admin-offsets-only", [new TopicPartition(topic, 0), new TopicPartition(topic, 1)])]);
        Assert.Equal([Offset.Unset.Value, 42L], Assert.Single(asked).Partitions.Select(p => p.Offset.Value));

        var failed = await Assert.ThrowsAsync<DeleteGroupsException>(() => admin.DeleteGroupsAsync(["admin-active", "admin-never-existed", "admin-offsets-only"]));
        var errors = failed.Results.ToDictionary(r => r.Group, r => r.Error.Code);
        Assert.Equal(ErrorCode.NonEmptyGroup, errors["admin-active"]);
        Assert.Equal(ErrorCode.GroupIdNotFound, errors["admin-never-existed"]);
        Assert.Equal(ErrorCode.NoError, errors["admin-offsets-only"]);

        var afterDelete = await admin.ListConsumerGroupsAsync();
        Assert.DoesNotContain(afterDelete.Valid, g => g.GroupId == "admin-offsets-only");
        var gone = await admin.ListConsumerGroupOffsetsAsync([new ConsumerGroupTopicPartitions("admin-offsets-only", [new TopicPartition(topic, 1)])]);
        Assert.Equal(Offset.Unset.Value, Assert.Single(Assert.Single(gone).Partitions).Offset.Value);

        // Once its last member has left, the active group is Empty and can be deleted too.
        member.Close();
        await Eventually.Until(
            () => admin.DescribeConsumerGroupsAsync(["admin-active"]).Result.ConsumerGroupDescriptions[0].State == ConsumerGroupState.Empty,
            TimeSpan.FromSeconds(10),
            () => "admin-active never became Empty");
        await admin.DeleteGroupsAsync(["admin-active"]);
    }
}
