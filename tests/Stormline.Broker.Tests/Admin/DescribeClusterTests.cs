using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Stormline.Broker.Tests.Infrastructure;

namespace Stormline.Broker.Tests.Admin;

public sealed class DescribeClusterTests(BrokerFixture fixture) : IClassFixture<BrokerFixture>
{
    [Fact]
    public async Task The_cluster_is_one_node_that_is_also_the_controller()
    {
        using var admin = KafkaClients.Admin(fixture.BootstrapServers);
        var cluster = await admin.DescribeClusterAsync(new DescribeClusterOptions { RequestTimeout = TimeSpan.FromSeconds(10) });

        Assert.Equal("stormline-cluster", cluster.ClusterId);
        var node = Assert.Single(cluster.Nodes);
        Assert.Equal((1, "127.0.0.1", fixture.Broker.Port), (node.Id, node.Host, node.Port));
        Assert.NotNull(cluster.Controller);
        Assert.Equal(node.Id, cluster.Controller.Id);
    }

    [Fact]
    public async Task Librdkafka_negotiates_the_flexible_Metadata_v12()
    {
        var log = new System.Collections.Concurrent.ConcurrentQueue<string>();
        using (var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = fixture.BootstrapServers, Debug = "protocol" })
            .SetLogHandler((_, m) => log.Enqueue(m.Message))
            .Build())
        {
            await admin.DescribeClusterAsync(new DescribeClusterOptions { RequestTimeout = TimeSpan.FromSeconds(10) });
        }

        Assert.Contains(log, m => m.Contains("Sent MetadataRequest (v12", StringComparison.Ordinal));
        Assert.Contains(log, m => m.Contains("Received MetadataResponse (v12", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Topics_are_described_with_their_ids_partitions_and_replicas()
    {
        await KafkaClients.CreateTopicAsync(fixture.BootstrapServers, "described-topic", 3);
        Assert.True(fixture.Broker.Context.Topics.TryGet("described-topic", out var topic));
        using var admin = KafkaClients.Admin(fixture.BootstrapServers);

        var result = await admin.DescribeTopicsAsync(TopicCollection.OfTopicNames(["described-topic"]), new DescribeTopicsOptions { RequestTimeout = TimeSpan.FromSeconds(10) });

        var description = Assert.Single(result.TopicDescriptions);
        Assert.Equal(("described-topic", ErrorCode.NoError, false), (description.Name, description.Error.Code, description.IsInternal));
        var id = topic.Id.ToByteArray(bigEndian: true);
        Assert.NotEqual(Guid.Empty, topic.Id);
        Assert.Equal(Convert.ToBase64String(id).TrimEnd('='), description.TopicId.ToString());
        Assert.Equal([0, 1, 2], description.Partitions.Select(p => p.Partition));
        Assert.All(description.Partitions, p =>
        {
            Assert.Equal(1, p.Leader.Id);
            Assert.Equal([1], p.Replicas.Select(r => r.Id));
            Assert.Equal([1], p.ISR.Select(r => r.Id));
        });
    }

    [Fact]
    public async Task Describing_an_unknown_topic_answers_UnknownTopicOrPart_and_does_not_create_it()
    {
        await KafkaClients.CreateTopicAsync(fixture.BootstrapServers, "described-beside-missing", 1);
        using var admin = KafkaClients.Admin(fixture.BootstrapServers);

        var ex = await Assert.ThrowsAsync<DescribeTopicsException>(() => admin.DescribeTopicsAsync(
            TopicCollection.OfTopicNames(["described-missing", "described-beside-missing"]),
            new DescribeTopicsOptions { RequestTimeout = TimeSpan.FromSeconds(10) }));

        var results = ex.Results.TopicDescriptions.ToDictionary(d => d.Name);
        Assert.Equal(ErrorCode.UnknownTopicOrPart, results["described-missing"].Error.Code);
        Assert.Equal(ErrorCode.NoError, results["described-beside-missing"].Error.Code);
        Assert.False(fixture.Broker.Context.Topics.TryGet("described-missing", out _));
    }

    [Fact]
    public async Task A_recreated_topic_gets_a_new_id()
    {
        using var admin = KafkaClients.Admin(fixture.BootstrapServers);
        await KafkaClients.CreateTopicAsync(fixture.BootstrapServers, "described-reborn", 1);
        var before = Assert.Single((await admin.DescribeTopicsAsync(TopicCollection.OfTopicNames(["described-reborn"]))).TopicDescriptions).TopicId;
        await admin.DeleteTopicsAsync(["described-reborn"]);
        await KafkaClients.CreateTopicAsync(fixture.BootstrapServers, "described-reborn", 1);
        var after = Assert.Single((await admin.DescribeTopicsAsync(TopicCollection.OfTopicNames(["described-reborn"]))).TopicDescriptions).TopicId;
        Assert.NotEqual(before.ToString(), after.ToString());
    }

    [Theory]
    [InlineData((short)0)]
    [InlineData((short)1)]
    public async Task DescribeCluster_answers_this_node_as_broker_and_controller(short version)
    {
        await using var wire = await AdminWireClient.ConnectAsync(fixture.BootstrapServers);
        foreach (var includeOperations in new[] { false, true })
        {
            var response = await wire.SendAsync(Stormline.Broker.Protocol.ApiKey.DescribeCluster, version, w =>
            {
                w.WriteBool(includeOperations);
                if (version >= 1)
                {
                    w.WriteInt8(1);
                }

                w.WriteEmptyTaggedFields();
            }, flexible: true);

            Assert.Equal((0, (short)0, (string?)null), (response.ReadInt32(), response.ReadInt16(), response.ReadNullableString()));
            if (version >= 1)
            {
                Assert.Equal(1, response.ReadInt8());
            }

            Assert.Equal(("stormline-cluster", 1), (response.ReadString(), response.ReadInt32()));
            var node = Assert.Single(response.ReadArray(r =>
            {
                var node = (r.ReadInt32(), r.ReadString(), r.ReadInt32(), r.ReadNullableString());
                r.SkipTaggedFields();
                return node;
            }));
            Assert.Equal((1, "127.0.0.1", fixture.Broker.Port, (string?)null), node);

            // CREATE, ALTER, DESCRIBE, CLUSTER_ACTION, DESCRIBE_CONFIGS, ALTER_CONFIGS, IDEMPOTENT_WRITE (Kafka's AclOperation codes).
            Assert.Equal(includeOperations ? (1 << 5) | (1 << 7) | (1 << 8) | (1 << 9) | (1 << 10) | (1 << 11) | (1 << 12) : int.MinValue, response.ReadInt32());
            response.SkipTaggedFields();
            Assert.Equal(0, response.Remaining);
        }
    }

    [Fact]
    public async Task DescribeCluster_asked_for_controllers_answers_MismatchedEndpointType()
    {
        await using var wire = await AdminWireClient.ConnectAsync(fixture.BootstrapServers);
        var response = await wire.SendAsync(Stormline.Broker.Protocol.ApiKey.DescribeCluster, 1, w =>
        {
            w.WriteBool(false);
            w.WriteInt8(2);
            w.WriteEmptyTaggedFields();
        }, flexible: true);

        Assert.Equal(0, response.ReadInt32());
        Assert.Equal(114, response.ReadInt16());
        Assert.Contains("CONTROLLER", response.ReadNullableString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Authorized_operations_are_all_allowed_when_asked_and_absent_otherwise()
    {
        await KafkaClients.CreateTopicAsync(fixture.BootstrapServers, "described-operations", 1);
        using var admin = KafkaClients.Admin(fixture.BootstrapServers);

        var topic = Assert.Single((await admin.DescribeTopicsAsync(TopicCollection.OfTopicNames(["described-operations"]), new DescribeTopicsOptions { IncludeAuthorizedOperations = true, RequestTimeout = TimeSpan.FromSeconds(10) })).TopicDescriptions);
        Assert.Equal(
            [AclOperation.Read, AclOperation.Write, AclOperation.Create, AclOperation.Delete, AclOperation.Alter, AclOperation.Describe, AclOperation.DescribeConfigs, AclOperation.AlterConfigs],
            topic.AuthorizedOperations);
        var plain = Assert.Single((await admin.DescribeTopicsAsync(TopicCollection.OfTopicNames(["described-operations"]), new DescribeTopicsOptions { RequestTimeout = TimeSpan.FromSeconds(10) })).TopicDescriptions);
        Assert.Null(plain.AuthorizedOperations);

        var cluster = await admin.DescribeClusterAsync(new DescribeClusterOptions { IncludeAuthorizedOperations = true, RequestTimeout = TimeSpan.FromSeconds(10) });
        Assert.Equal(
            [AclOperation.Create, AclOperation.Alter, AclOperation.Describe, AclOperation.ClusterAction, AclOperation.DescribeConfigs, AclOperation.AlterConfigs, AclOperation.IdempotentWrite],
            cluster.AuthorizedOperations);
    }
}
