using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Stormline.Broker.Server;
using Stormline.Broker.Tests.Infrastructure;
using static Stormline.Broker.Tests.Security.SecuredBroker;
using Wire = Stormline.Broker.Protocol;

namespace Stormline.Broker.Tests.Security;

/// <summary>ACLs on configs, group administration, producer ids and client hosts, with Kafka's error codes.</summary>
public sealed class AdminAuthorizationTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Configs_need_describe_configs_on_the_topic_or_the_cluster()
    {
        await using var broker = await SecuredBroker.StartAsync();
        await CreateTopicAsync(broker, "settings");
        await AddAclsAsync(broker, Acl(ResourceType.Topic, "settings", ResourcePatternType.Literal, "User:tuner", AclOperation.AlterConfigs));

        using var tuner = SecuredBroker.Admin(broker, "tuner");
        var described = await tuner.DescribeConfigsAsync([new ConfigResource { Type = ResourceType.Topic, Name = "settings" }]);
        Assert.NotEmpty(Assert.Single(described).Entries);

        var ex = await Assert.ThrowsAsync<DescribeConfigsException>(() => tuner.DescribeConfigsAsync([new ConfigResource { Type = ResourceType.Broker, Name = "1" }]));
        Assert.Equal(ErrorCode.ClusterAuthorizationFailed, Assert.Single(ex.Results).Error.Code);

        using var stranger = SecuredBroker.Admin(broker, "stranger");
        var alter = await Assert.ThrowsAsync<IncrementalAlterConfigsException>(() => stranger.IncrementalAlterConfigsAsync(
            new Dictionary<ConfigResource, List<ConfigEntry>>
            {
                [new ConfigResource { Type = ResourceType.Topic, Name = "settings" }] = [new ConfigEntry { Name = "retention.ms", Value = "1000", IncrementalOperation = AlterConfigOpType.Set }],
            }));
        Assert.Equal(ErrorCode.TopicAuthorizationFailed, Assert.Single(alter.Results).Error.Code);
        Assert.True(broker.Context.Topics.TryGet("settings", out var topic));
        Assert.DoesNotContain("retention.ms", topic.Configs.Keys);
    }

    [Fact]
    public async Task Describing_and_deleting_groups_needs_describe_and_delete_on_the_group()
    {
        await using var broker = await SecuredBroker.StartAsync();
        await CreateTopicAsync(broker, "events");
        using (var admin = SecuredBroker.Admin(broker, "admin"))
        {
            await admin.AlterConsumerGroupOffsetsAsync([new ConsumerGroupTopicPartitionOffsets("billing", [new TopicPartitionOffset("events", 0, 5)])]);
        }

        await AddAclsAsync(broker, Acl(ResourceType.Group, "billing", ResourcePatternType.Literal, "User:viewer", AclOperation.Describe));
        using var viewer = SecuredBroker.Admin(broker, "viewer");
        var group = Assert.Single((await viewer.DescribeConsumerGroupsAsync(["billing"], new DescribeConsumerGroupsOptions { IncludeAuthorizedOperations = true })).ConsumerGroupDescriptions);
        Assert.Equal([AclOperation.Describe], group.AuthorizedOperations);

        var delete = await Assert.ThrowsAsync<DeleteGroupsException>(() => viewer.DeleteGroupsAsync(["billing"]));
        Assert.Equal(ErrorCode.GroupAuthorizationFailed, Assert.Single(delete.Results).Error.Code);

        using var stranger = SecuredBroker.Admin(broker, "stranger");
        var describe = await Assert.ThrowsAsync<DescribeConsumerGroupsException>(() => stranger.DescribeConsumerGroupsAsync(["billing"]));
        Assert.Equal(ErrorCode.GroupAuthorizationFailed, Assert.Single(describe.Results.ConsumerGroupDescriptions).Error.Code);
        Assert.Single(broker.Context.Groups.ListGroups());
    }

    [Fact]
    public async Task An_idempotent_producer_needs_write_on_some_topic_or_idempotent_write_on_the_cluster()
    {
        await using var broker = await SecuredBroker.StartAsync();
        await CreateTopicAsync(broker, "receipts");
        await AddAclsAsync(broker, Acl(ResourceType.Topic, "rec", ResourcePatternType.Prefixed, "User:till", AclOperation.Write));

        using var till = new ProducerBuilder<string, string>(new ProducerConfig
        {
            BootstrapServers = broker.BootstrapServers,
            ClientId = "till",
            EnableIdempotence = true,
            MessageTimeoutMs = 10_000,
        }).Build();
        var delivered = await till.ProduceAsync("receipts", new Message<string, string> { Key = "k", Value = "v" });
        Assert.Equal(PersistenceStatus.Persisted, delivered.Status);

        Assert.Equal((Wire.ErrorCode.ClusterAuthorizationFailed, -1L), await InitProducerIdAsync(broker, transactionalId: null));
        await AddAclsAsync(broker, Acl(ResourceType.Broker, "kafka-cluster", ResourcePatternType.Literal, "User:admin-wire-test", AclOperation.IdempotentWrite));
        var (error, producerId) = await InitProducerIdAsync(broker, transactionalId: null);
        Assert.Equal(Wire.ErrorCode.None, error);
        Assert.True(producerId >= 0);
        Assert.Equal((Wire.ErrorCode.TransactionalIdAuthorizationFailed, -1L), await InitProducerIdAsync(broker, transactionalId: "checkout"));
    }

    [Fact]
    public async Task An_acl_for_another_host_does_not_apply_to_this_client()
    {
        await using var broker = await SecuredBroker.StartAsync();
        await CreateTopicAsync(broker, "near");
        await CreateTopicAsync(broker, "far");
        await AddAclsAsync(
            broker,
            Acl(ResourceType.Topic, "near", ResourcePatternType.Literal, "User:local", AclOperation.Write, host: "127.0.0.1"),
            Acl(ResourceType.Topic, "far", ResourcePatternType.Literal, "User:local", AclOperation.Write, host: "10.1.2.3"));

        using var producer = SecuredBroker.Producer(broker, "local");
        await producer.ProduceAsync("near", new Message<string, string> { Key = "k", Value = "v" });
        var ex = await Assert.ThrowsAsync<ProduceException<string, string>>(() => producer.ProduceAsync("far", new Message<string, string> { Key = "k", Value = "v" }));
        Assert.Equal(ErrorCode.TopicAuthorizationFailed, ex.Error.Code);
    }

    /// <summary>InitProducerId v1 as client <c>admin-wire-test</c> (principal User:admin-wire-test).</summary>
    private static async Task<(Wire.ErrorCode Error, long ProducerId)> InitProducerIdAsync(KafkaBroker broker, string? transactionalId)
    {
        await using var wire = await AdminWireClient.ConnectAsync(broker.BootstrapServers);
        var response = await wire.SendAsync(Wire.ApiKey.InitProducerId, 1, w =>
        {
            w.WriteString(transactionalId);
            w.WriteInt32(60_000);
        });
        Assert.Equal(0, response.ReadInt32());
        return ((Wire.ErrorCode)response.ReadInt16(), response.ReadInt64());
    }
}
