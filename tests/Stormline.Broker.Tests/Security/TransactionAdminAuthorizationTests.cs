using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Stormline.Broker.Tests.Transactions;
using static Stormline.Broker.Tests.Security.SecuredBroker;
using WireError = Stormline.Broker.Protocol.ErrorCode;

namespace Stormline.Broker.Tests.Security;

/// <summary>DescribeTransactions, ListTransactions and DescribeProducers under ACLs, with Kafka's rules and error codes.</summary>
public sealed class TransactionAdminAuthorizationTests
{
    /// <summary>Kafka's TRANSACTIONAL_ID resource type (5): librdkafka has it, Confluent.Kafka's enum does not name it.</summary>
    private const ResourceType TransactionalIdResource = (ResourceType)5;

    [Fact]
    public async Task Transactions_are_described_and_listed_only_with_describe_on_the_id_and_producers_only_with_read_on_the_topic()
    {
        await using var broker = await SecuredBroker.StartAsync();
        await CreateTopicAsync(broker, "ledger");
        using var visible = TransactionalClients.Producer(broker.BootstrapServers, "visible", clientId: "admin");
        using var hidden = TransactionalClients.Producer(broker.BootstrapServers, "hidden", clientId: "admin");
        visible.BeginTransaction();
        await visible.ProduceAsync("ledger", new Message<string, string> { Key = "k", Value = "v" });
        TransactionalClients.CommitEnd(hidden, "ledger");
        await AddAclsAsync(broker, Acl(TransactionalIdResource, "visible", ResourcePatternType.Literal, "User:auditor", AclOperation.Describe));

        // The id is described, but its partitions are left out: no DESCRIBE on the topic.
        var described = await TransactionAdminWire.DescribeAsync(broker.BootstrapServers, "visible", clientId: "auditor");
        Assert.Equal((WireError.None, "Ongoing"), (described.Error, described.State));
        Assert.Empty(described.Topics);
        Assert.Equal(WireError.TransactionalIdAuthorizationFailed, (await TransactionAdminWire.DescribeAsync(broker.BootstrapServers, "hidden", clientId: "auditor")).Error);
        Assert.Equal(WireError.TransactionalIdAuthorizationFailed, (await TransactionAdminWire.DescribeAsync(broker.BootstrapServers, "never-seen", clientId: "auditor")).Error);

        var listed = await TransactionAdminWire.ListAsync(broker.BootstrapServers, [], [], clientId: "auditor");
        Assert.Equal(["visible"], listed.Transactions.Select(t => t.TransactionalId));
        Assert.Equal(["hidden", "visible"], (await TransactionAdminWire.ListAsync(broker.BootstrapServers, [], [], clientId: "admin")).Transactions.Select(t => t.TransactionalId));
        Assert.Empty((await TransactionAdminWire.ListAsync(broker.BootstrapServers, [], [], clientId: "stranger")).Transactions);

        Assert.Equal(WireError.TopicAuthorizationFailed, (await TransactionAdminWire.DescribeProducersAsync(broker.BootstrapServers, "ledger", 0, clientId: "auditor")).Error);
        await AddAclsAsync(
            broker,
            Acl(ResourceType.Topic, "ledger", ResourcePatternType.Literal, "User:auditor", AclOperation.Read),
            Acl(ResourceType.Topic, "ledger", ResourcePatternType.Literal, "User:auditor", AclOperation.Describe));
        var (error, producers) = await TransactionAdminWire.DescribeProducersAsync(broker.BootstrapServers, "ledger", 0, clientId: "auditor");
        Assert.Equal(WireError.None, error);
        Assert.Equal(2, producers.Count);
        Assert.Equal(["ledger"], (await TransactionAdminWire.DescribeAsync(broker.BootstrapServers, "visible", clientId: "auditor")).Topics.Select(t => t.Topic));
        visible.AbortTransaction(TimeSpan.FromSeconds(30));
    }
}
