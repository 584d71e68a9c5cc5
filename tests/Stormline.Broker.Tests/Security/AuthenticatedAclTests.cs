using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Stormline.Broker.Server;
using Stormline.Broker.Tests.Infrastructure;

namespace Stormline.Broker.Tests.Security;

/// <summary>
/// Authentication and authorization together, as a secured cluster runs: the principal an ACL names is the one SASL
/// authenticated (no test hook), a super user grants access, and a PLAINTEXT listener's User:ANONYMOUS gets nothing.
/// </summary>
public sealed class AuthenticatedAclTests
{
    /// <summary>Kafka's TRANSACTIONAL_ID resource type (5): librdkafka has it, Confluent.Kafka's enum does not name it.</summary>
    private const ResourceType TransactionalIdResource = (ResourceType)5;

    [Fact]
    public async Task A_SASL_user_may_produce_and_consume_only_what_the_super_user_granted_it()
    {
        var options = SaslClients.Options();
        options.Set("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        options.Set("super.users", "User:admin");
        await using var broker = await KafkaBroker.StartAsync(options);
        var sasl = broker.BootstrapServersOf("SASL_PLAINTEXT");
        var admin = SaslClients.Settings("PLAIN", "admin", SaslClients.AdminPassword);
        var alice = SaslClients.Settings("PLAIN", "alice", SaslClients.AlicePassword);

        using (var adminClient = SaslClients.Admin(sasl, admin))
        {
            await adminClient.CreateTopicsAsync([new TopicSpecification { Name = "payments", NumPartitions = 1, ReplicationFactor = 1 }]);
        }

        // Authenticated, but no ACL names alice: her produce is refused with Kafka's topic error.
        var refused = await Assert.ThrowsAsync<ProduceException<string, string>>(() => ProduceOnceAsync(sasl, alice));
        Assert.Equal(ErrorCode.TopicAuthorizationFailed, refused.Error.Code);

        // The super user grants alice WRITE and READ on the topic and READ on her group.
        using (var adminClient = SaslClients.Admin(sasl, admin))
        {
            await adminClient.CreateAclsAsync(
            [
                Allow("User:alice", ResourceType.Topic, "payments", AclOperation.Write),
                Allow("User:alice", ResourceType.Topic, "payments", AclOperation.Read),
                Allow("User:alice", ResourceType.Group, "alice-", AclOperation.Read, ResourcePatternType.Prefixed),
            ]);
        }

        await ProduceOnceAsync(sasl, alice);
        var config = new ConsumerConfig { BootstrapServers = sasl, GroupId = "alice-readers", AutoOffsetReset = AutoOffsetReset.Earliest, EnableAutoCommit = false };
        using (var consumer = new ConsumerBuilder<string, string>(config.With(alice)).Build())
        {
            consumer.Subscribe("payments");
            var read = consumer.Consume(TimeSpan.FromSeconds(20));
            Assert.Equal("paid", read?.Message.Value);
            consumer.Commit(read!);
            consumer.Close();
        }

        // Transactions need WRITE on the transactional id as well: refused without it, committed with it.
        var transactional = new ProducerConfig { BootstrapServers = sasl, TransactionalId = "alice-tx", MessageTimeoutMs = 10_000 }.With(alice);
        using (var producer = new ProducerBuilder<string, string>(transactional).Build())
        {
            var initRefused = Assert.Throws<KafkaException>(() => producer.InitTransactions(TimeSpan.FromSeconds(20)));
            Assert.Equal(ErrorCode.TransactionalIdAuthorizationFailed, initRefused.Error.Code);
        }

        using (var adminClient = SaslClients.Admin(sasl, admin))
        {
            await adminClient.CreateAclsAsync([Allow("User:alice", TransactionalIdResource, "alice-tx", AclOperation.Write)]);
        }

        using (var producer = new ProducerBuilder<string, string>(transactional).Build())
        {
            producer.InitTransactions(TimeSpan.FromSeconds(20));
            producer.BeginTransaction();
            await producer.ProduceAsync("payments", new Message<string, string> { Key = "order-2", Value = "paid-in-transaction" });
            producer.CommitTransaction(TimeSpan.FromSeconds(20));
        }

        // The same grants do not reach an unauthenticated client on the PLAINTEXT listener.
        var anonymous = await Assert.ThrowsAsync<ProduceException<string, string>>(() => ProduceOnceAsync(broker.BootstrapServers, new Dictionary<string, string>()));
        Assert.Equal(ErrorCode.TopicAuthorizationFailed, anonymous.Error.Code);
    }

    private static AclBinding Allow(string principal, ResourceType type, string name, AclOperation operation, ResourcePatternType pattern = ResourcePatternType.Literal) => new()
    {
        Pattern = new ResourcePattern { Type = type, Name = name, ResourcePatternType = pattern },
        Entry = new AccessControlEntry { Principal = principal, Host = "*", Operation = operation, PermissionType = AclPermissionType.Allow },
    };

    private static async Task ProduceOnceAsync(string bootstrap, IReadOnlyDictionary<string, string> settings)
    {
        var config = new ProducerConfig { BootstrapServers = bootstrap, MessageTimeoutMs = 10_000, EnableIdempotence = false }.With(settings);
        using var producer = new ProducerBuilder<string, string>(config).Build();
        await producer.ProduceAsync("payments", new Message<string, string> { Key = "order-1", Value = "paid" });
    }
}
