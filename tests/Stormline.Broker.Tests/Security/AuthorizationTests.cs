using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Stormline.Broker.Server;
using static Stormline.Broker.Tests.Security.SecuredBroker;

namespace Stormline.Broker.Tests.Security;

/// <summary>ACLs enforced on produce, consume, group and admin requests from Confluent.Kafka clients, with Kafka's error codes.</summary>
public sealed class AuthorizationTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_principal_without_write_gets_topic_authorization_failed_on_produce()
    {
        await using var broker = await SecuredBroker.StartAsync();
        await CreateTopicAsync(broker, "payments");
        await AddAclsAsync(broker, Acl(ResourceType.Topic, "payments", ResourcePatternType.Literal, "User:reader", AclOperation.Read));

        using var producer = SecuredBroker.Producer(broker, "reader");
        var ex = await Assert.ThrowsAsync<ProduceException<string, string>>(() => producer.ProduceAsync("payments", new Message<string, string> { Key = "k", Value = "v" }));
        Assert.Equal(ErrorCode.TopicAuthorizationFailed, ex.Error.Code);

        await AddAclsAsync(broker, Acl(ResourceType.Topic, "pay", ResourcePatternType.Prefixed, "User:writer", AclOperation.Write));
        using var writer = SecuredBroker.Producer(broker, "writer");
        var delivered = await writer.ProduceAsync("payments", new Message<string, string> { Key = "k", Value = "v" });
        Assert.Equal(0, delivered.Offset.Value);
    }

    [Fact]
    public async Task A_consumer_allowed_to_read_the_topic_but_not_the_group_gets_group_authorization_failed()
    {
        await using var broker = await SecuredBroker.StartAsync();
        await CreateTopicAsync(broker, "orders");
        await AddAclsAsync(broker, Acl(ResourceType.Topic, "orders", ResourcePatternType.Literal, "User:shipping", AclOperation.Read));

        using var consumer = SecuredBroker.Consumer(broker, "shipping", "shipping-group");
        consumer.Subscribe("orders");
        var ex = Assert.Throws<ConsumeException>(() =>
        {
            var deadline = DateTime.UtcNow + Timeout;
            while (DateTime.UtcNow < deadline)
            {
                consumer.Consume(TimeSpan.FromMilliseconds(200));
            }
        });
        Assert.Equal(ErrorCode.GroupAuthorizationFailed, ex.Error.Code);
        consumer.Close();
    }

    [Fact]
    public async Task A_consumer_allowed_on_topic_and_group_reads_and_commits()
    {
        await using var broker = await SecuredBroker.StartAsync();
        await CreateTopicAsync(broker, "orders");
        using (var producer = SecuredBroker.Producer(broker, "admin"))
        {
            await producer.ProduceAsync("orders", new Message<string, string> { Key = "k", Value = "placed" });
        }

        await AddAclsAsync(
            broker,
            Acl(ResourceType.Topic, "orders", ResourcePatternType.Literal, "User:shipping", AclOperation.Read),
            Acl(ResourceType.Group, "shipping-", ResourcePatternType.Prefixed, "User:shipping", AclOperation.Read));

        using var consumer = SecuredBroker.Consumer(broker, "shipping", "shipping-orders");
        consumer.Subscribe("orders");
        ConsumeResult<string, string>? result = null;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (result is null && DateTime.UtcNow < deadline)
        {
            result = consumer.Consume(TimeSpan.FromMilliseconds(200));
        }

        Assert.Equal("placed", result?.Message.Value);
        consumer.Commit(result);
        Assert.Equal(1, consumer.Committed([result!.TopicPartition], Timeout).Single().Offset.Value);
        consumer.Close();
    }

    [Fact]
    public async Task Deny_wins_over_allow()
    {
        await using var broker = await SecuredBroker.StartAsync();
        await CreateTopicAsync(broker, "ledger");
        await AddAclsAsync(
            broker,
            Acl(ResourceType.Topic, "*", ResourcePatternType.Literal, "User:*", AclOperation.All),
            Acl(ResourceType.Topic, "ledger", ResourcePatternType.Literal, "User:mallory", AclOperation.Write, AclPermissionType.Deny));

        using var mallory = SecuredBroker.Producer(broker, "mallory");
        var ex = await Assert.ThrowsAsync<ProduceException<string, string>>(() => mallory.ProduceAsync("ledger", new Message<string, string> { Key = "k", Value = "v" }));
        Assert.Equal(ErrorCode.TopicAuthorizationFailed, ex.Error.Code);

        using var alice = SecuredBroker.Producer(broker, "alice");
        await alice.ProduceAsync("ledger", new Message<string, string> { Key = "k", Value = "v" });
    }

    [Fact]
    public async Task Super_users_bypass_acls_and_everyone_else_is_denied_when_no_acl_is_found()
    {
        await using var broker = await SecuredBroker.StartAsync();
        using (var ops = SecuredBroker.Admin(broker, "ops"))
        {
            await ops.CreateTopicsAsync([new TopicSpecification { Name = "ops-only", NumPartitions = 1, ReplicationFactor = 1 }]);
        }

        using var stranger = SecuredBroker.Admin(broker, "stranger");
        var ex = await Assert.ThrowsAsync<CreateTopicsException>(() => stranger.CreateTopicsAsync([new TopicSpecification { Name = "strangers", NumPartitions = 1, ReplicationFactor = 1 }]));
        Assert.Equal(ErrorCode.TopicAuthorizationFailed, Assert.Single(ex.Results).Error.Code);
        var delete = await Assert.ThrowsAsync<DeleteTopicsException>(() => stranger.DeleteTopicsAsync(["ops-only"]));
        Assert.Equal(ErrorCode.TopicAuthorizationFailed, Assert.Single(delete.Results).Error.Code);
        Assert.True(broker.Context.Topics.TryGet("ops-only", out _));
    }

    [Fact]
    public async Task Allow_everyone_if_no_acl_found_allows_resources_without_acls_only()
    {
        await using var broker = await SecuredBroker.StartAsync(allowEveryoneIfNoAclFound: true);
        await CreateTopicAsync(broker, "open");
        await CreateTopicAsync(broker, "guarded");
        await AddAclsAsync(broker, Acl(ResourceType.Topic, "guarded", ResourcePatternType.Literal, "User:owner", AclOperation.Write));

        using var anyone = SecuredBroker.Producer(broker, "anyone");
        await anyone.ProduceAsync("open", new Message<string, string> { Key = "k", Value = "v" });
        var ex = await Assert.ThrowsAsync<ProduceException<string, string>>(() => anyone.ProduceAsync("guarded", new Message<string, string> { Key = "k", Value = "v" }));
        Assert.Equal(ErrorCode.TopicAuthorizationFailed, ex.Error.Code);
    }

    [Fact]
    public async Task Metadata_lists_only_the_topics_a_principal_may_describe_and_names_the_others_as_unauthorized()
    {
        await using var broker = await SecuredBroker.StartAsync();
        await CreateTopicAsync(broker, "visible");
        await CreateTopicAsync(broker, "hidden");
        await AddAclsAsync(
            broker,
            Acl(ResourceType.Topic, "visible", ResourcePatternType.Literal, "User:viewer", AclOperation.Read),
            Acl(ResourceType.Group, "*", ResourcePatternType.Literal, "User:viewer", AclOperation.Describe));

        using var viewer = SecuredBroker.Admin(broker, "viewer");
        var metadata = viewer.GetMetadata(Timeout);
        Assert.Equal(["visible"], metadata.Topics.Select(t => t.Topic));

        var named = await Assert.ThrowsAsync<DescribeTopicsException>(() => viewer.DescribeTopicsAsync(
            TopicCollection.OfTopicNames(["visible", "hidden"]),
            new DescribeTopicsOptions { RequestTimeout = Timeout, IncludeAuthorizedOperations = true }));
        var described = named.Results.TopicDescriptions.ToDictionary(t => t.Name);
        Assert.Equal(ErrorCode.TopicAuthorizationFailed, described["hidden"].Error.Code);
        Assert.Equal(ErrorCode.NoError, described["visible"].Error.Code);
        Assert.Equal(
            [AclOperation.Read, AclOperation.Describe],
            described["visible"].AuthorizedOperations.Order());
    }

    [Fact]
    public async Task List_groups_shows_only_groups_the_principal_may_describe()
    {
        await using var broker = await SecuredBroker.StartAsync();
        await CreateTopicAsync(broker, "events");
        using (var admin = SecuredBroker.Admin(broker, "admin"))
        {
            await admin.AlterConsumerGroupOffsetsAsync([new ConsumerGroupTopicPartitionOffsets("mine", [new TopicPartitionOffset("events", 0, 0)])]);
            await admin.AlterConsumerGroupOffsetsAsync([new ConsumerGroupTopicPartitionOffsets("theirs", [new TopicPartitionOffset("events", 0, 0)])]);
        }

        await AddAclsAsync(broker, Acl(ResourceType.Group, "mine", ResourcePatternType.Literal, "User:me", AclOperation.Read));
        using var me = SecuredBroker.Admin(broker, "me");
        var listed = await me.ListConsumerGroupsAsync(new ListConsumerGroupsOptions { RequestTimeout = Timeout });
        Assert.Equal(["mine"], listed.Valid.Select(g => g.GroupId));
    }
}
