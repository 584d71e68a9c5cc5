using System.Collections;
using Confluent.Kafka;
using Confluent.SchemaRegistry;
using Stormline.Clients;

namespace Stormline.Clients.Tests;

/// <summary>Where each client setting goes: librdkafka gets its own names unchecked, the registry client gets its credentials.</summary>
public sealed class ClientPropertiesTests
{
    [Fact]
    public void A_confluent_cloud_file_splits_into_librdkafka_settings_and_registry_settings()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("stormline-clients-").FullName, "client.properties");
        File.WriteAllText(path, """
            bootstrap.servers=pkc-1.confluent.cloud:9092
            security.protocol=SASL_SSL
            sasl.mechanisms=PLAIN
            sasl.username=KEY
            sasl.password=SECRET
            schema.registry.url=https://psrc-1.confluent.cloud
            basic.auth.credentials.source=USER_INFO
            basic.auth.user.info=SR-KEY:SR-SECRET
            """);

        var properties = new ClientProperties().AddFile(path);

        Assert.Equal(
            [new("security.protocol", "SASL_SSL"), new("sasl.mechanisms", "PLAIN"), new("sasl.username", "KEY"), new("sasl.password", "SECRET")],
            properties.Kafka.OrderBy(p => p.Key == "security.protocol" ? 0 : 1).ToList());
        Assert.Equal("https://psrc-1.confluent.cloud", properties.RegistryUrl);
        var registry = properties.RegistryConfig("https://other:8081");
        Assert.Equal("https://other:8081", registry["schema.registry.url"]);
        Assert.Equal("SR-KEY:SR-SECRET", registry["schema.registry.basic.auth.user.info"]);
        Assert.Equal("USER_INFO", registry["schema.registry.basic.auth.credentials.source"]);
    }

    [Fact]
    public void Environment_variables_use_the_services_configuration_key_and_override_the_file()
    {
        var properties = new ClientProperties().Set("security.protocol", "SSL").AddEnvironment(new Hashtable
        {
            ["Kafka__Client__security.protocol"] = "SASL_SSL",
            ["kafka:client:sasl.mechanism"] = "SCRAM-SHA-512",
            ["Kafka__Other__x"] = "ignored",
            ["PATH"] = "/usr/bin",
        });

        Assert.Equal(new Dictionary<string, string> { ["security.protocol"] = "SASL_SSL", ["sasl.mechanism"] = "SCRAM-SHA-512" }, properties.Values);
    }

    [Fact]
    public void A_wrong_value_reaches_librdkafka_which_names_the_setting()
    {
        var config = new ClientProperties().Set("security.protocol", "SASL_PLAIN_AND_SIMPLE").ApplyTo(new AdminClientConfig { BootstrapServers = "127.0.0.1:1" });

        var error = Assert.Throws<ArgumentException>(() => new AdminClientBuilder(config).Build());

        Assert.True(RefusedSetting.Is(error));
        Assert.Contains("\"security.protocol\"", error.Message, StringComparison.Ordinal);
        Assert.Contains("--kafka-config", RefusedSetting.Describe(error), StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_name_reaches_librdkafka_too_but_bootstrap_servers_stays_the_tools_own()
    {
        var properties = new ClientProperties().Set("bootstrap.servers", "elsewhere:9092").Set("no.such.setting", "1");
        var config = properties.ApplyTo(new ProducerConfig { BootstrapServers = "127.0.0.1:1" });

        Assert.Equal("127.0.0.1:1", config.BootstrapServers);
        var error = Assert.Throws<InvalidOperationException>(() => new ProducerBuilder<Null, string>(config).Build());
        Assert.True(RefusedSetting.Is(error));
        Assert.Contains("\"no.such.setting\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_java_jaas_line_from_a_java_client_file_is_refused_by_librdkafka_in_its_own_words()
    {
        var config = new ClientProperties().Set("sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required;")
            .ApplyTo(new ConsumerConfig { BootstrapServers = "127.0.0.1:1", GroupId = "g" });

        var error = Assert.Throws<ArgumentException>(() => new ConsumerBuilder<Null, string>(config).Build());

        Assert.True(RefusedSetting.Is(error)); // known by where it was thrown: its text names no "configuration property"
        Assert.Contains("JAAS", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Other_argument_errors_are_not_taken_for_a_refused_setting()
    {
        Assert.False(RefusedSetting.Is(new ArgumentException("value must be positive")));
        Assert.False(RefusedSetting.Is(new InvalidOperationException("the host is stopped")));
    }

    [Fact]
    public void The_registry_settings_are_ones_confluents_client_accepts()
    {
        var properties = new ClientProperties().Set("basic.auth.user.info", "no-colon");

        // Confluent's client judges the credentials' form, so a wrong one is refused before any request.
        var error = Assert.Throws<ArgumentException>(() => new CachedSchemaRegistryClient(properties.RegistryConfig("http://127.0.0.1:1")));
        Assert.Contains("basic.auth.user.info", error.Message, StringComparison.Ordinal);
        using var good = new CachedSchemaRegistryClient(new ClientProperties().Set("basic.auth.user.info", "u:p").RegistryConfig("http://127.0.0.1:1"));
    }
}
