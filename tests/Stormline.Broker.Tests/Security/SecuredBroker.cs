using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Stormline.Broker.Server;

namespace Stormline.Broker.Tests.Security;

/// <summary>
/// A broker with Kafka's StandardAuthorizer switched on through its config names. Until the SASL listeners
/// authenticate principals, each test client is the principal <c>User:&lt;client.id&gt;</c> through the broker's
/// test-only hook; <c>User:admin</c> is the super user.
/// </summary>
public static class SecuredBroker
{
    public const string StandardAuthorizer = "org.apache.kafka.metadata.authorizer.StandardAuthorizer";

    public static Task<KafkaBroker> StartAsync(string? dataDirectory = null, bool allowEveryoneIfNoAclFound = false)
    {
        var options = new BrokerOptions { Port = 0, DataDirectory = dataDirectory, TestPrincipalByClientId = id => "User:" + id };
        options.Set("authorizer.class.name", StandardAuthorizer);
        options.Set("super.users", "User:admin;User:ops");
        options.Set("allow.everyone.if.no.acl.found", allowEveryoneIfNoAclFound ? "true" : "false");
        return KafkaBroker.StartAsync(options);
    }

    public static IAdminClient Admin(KafkaBroker broker, string user) =>
        new AdminClientBuilder(new AdminClientConfig { BootstrapServers = broker.BootstrapServers, ClientId = user }).Build();

    public static IProducer<string, string> Producer(KafkaBroker broker, string user) =>
        new ProducerBuilder<string, string>(new ProducerConfig
        {
            BootstrapServers = broker.BootstrapServers,
            ClientId = user,
            EnableIdempotence = false,
            MessageTimeoutMs = 10_000,
            SocketTimeoutMs = 10_000,
        }).Build();

    public static IConsumer<string, string> Consumer(KafkaBroker broker, string user, string group)
    {
        var config = Infrastructure.KafkaClients.ConsumerConfig(broker.BootstrapServers, group);
        config.ClientId = user;
        return new ConsumerBuilder<string, string>(config).Build();
    }

    /// <summary>Creates a one-partition topic as the super user.</summary>
    public static async Task CreateTopicAsync(KafkaBroker broker, string topic)
    {
        using var admin = Admin(broker, "admin");
        await admin.CreateTopicsAsync([new TopicSpecification { Name = topic, NumPartitions = 1, ReplicationFactor = 1 }]);
    }

    /// <summary>Creates ACLs as the super user.</summary>
    public static async Task AddAclsAsync(KafkaBroker broker, params AclBinding[] acls)
    {
        using var admin = Admin(broker, "admin");
        await admin.CreateAclsAsync(acls);
    }

    public static AclBinding Acl(
        ResourceType type, string name, ResourcePatternType pattern, string principal, AclOperation operation,
        AclPermissionType permission = AclPermissionType.Allow, string host = "*") => new()
    {
        Pattern = new ResourcePattern { Type = type, Name = name, ResourcePatternType = pattern },
        Entry = new AccessControlEntry { Principal = principal, Host = host, Operation = operation, PermissionType = permission },
    };
}
