using Confluent.Kafka;
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
}
