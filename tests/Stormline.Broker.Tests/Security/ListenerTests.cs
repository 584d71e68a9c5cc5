using Confluent.Kafka;
using Stormline.Broker.Server;
using Stormline.Broker.Tests.Infrastructure;

namespace Stormline.Broker.Tests.Security;

public sealed class ListenerTests
{
    [Fact]
    public async Task Each_client_is_given_the_advertised_address_of_the_listener_it_connected_to()
    {
        var options = new BrokerOptions();
        options.Set("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,INTERNAL:PLAINTEXT");
        options.Set("listeners", "PLAINTEXT://127.0.0.1:0,INTERNAL://127.0.0.1:0");
        options.Set("advertised.listeners", "INTERNAL://localhost:0");
        options.Set("inter.broker.listener.name", "INTERNAL");
        await using var broker = await KafkaBroker.StartAsync(options);

        var outside = broker.Listeners.Single(l => l.Name == "PLAINTEXT");
        var inside = broker.Listeners.Single(l => l.Name == "INTERNAL");
        Assert.NotEqual(outside.Port, inside.Port);
        Assert.Equal($"localhost:{inside.Port}", broker.BootstrapServersOf("INTERNAL"));

        foreach (var (listener, host) in new[] { (outside, "127.0.0.1"), (inside, "localhost") })
        {
            using var admin = KafkaClients.Admin(listener.Bootstrap);
            var metadata = admin.GetMetadata(TimeSpan.FromSeconds(10));
            var advertised = Assert.Single(metadata.Brokers);
            Assert.Equal(host, advertised.Host);
            Assert.Equal(listener.Port, advertised.Port);
        }

        // A producer and a consumer on different listeners see the same log.
        using (var producer = KafkaClients.Producer(outside.Bootstrap))
        {
            await producer.ProduceAsync("listeners", new Message<string, string> { Key = "k", Value = "across listeners" });
        }

        var read = KafkaClients.ReadAll(inside.Bootstrap, "listeners", 1, 1);
        Assert.Equal("across listeners", Assert.Single(read).Message.Value);
    }

    [Theory]
    [InlineData("listeners", "INTERNAL://127.0.0.1:0", null, "add it to listener.security.protocol.map")]
    [InlineData("listeners", "PLAINTEXT://127.0.0.1:0,PLAINTEXT://127.0.0.1:0", null, "appears twice")]
    [InlineData("listeners", "PLAINTEXT://127.0.0.1:9711,OTHER://127.0.0.1:9711", "PLAINTEXT:PLAINTEXT,OTHER:PLAINTEXT", "port 9711 is used by PLAINTEXT and OTHER")]
    [InlineData("inter.broker.listener.name", "REPLICATION", null, "'REPLICATION' is not one of the listeners")]
    [InlineData("advertised.listeners", "EXTERNAL://example.com:9092", "PLAINTEXT:PLAINTEXT,EXTERNAL:PLAINTEXT", "'EXTERNAL' is not one of the listeners")]
    public void Contradictory_listener_configs_are_refused_with_the_config_to_fix(string name, string value, string? map, string message)
    {
        var options = new BrokerOptions();
        if (map is not null)
        {
            options.Set("listener.security.protocol.map", map);
        }

        var error = Assert.Throws<ArgumentException>(() =>
        {
            options.Set(name, value);
            options.Validate();
        });
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void A_protocol_map_entry_names_a_known_protocol()
    {
        var error = Assert.Throws<ArgumentException>(() => new BrokerOptions().Set("listener.security.protocol.map", "INTERNAL:TLS"));
        Assert.Contains("INTERNAL:TLS", error.Message);
    }
}
