using Stormline.Clients;

namespace Stormline.Testing.Tests;

/// <summary>The kit's client settings, for an external secured cluster: each reaches every client the kit builds.</summary>
[Collection(EnvironmentCollection.Name)]
public sealed class ClientPropertiesTests
{
    [Fact]
    public async Task A_setting_in_the_options_reaches_the_kits_producer_and_librdkafka_names_it()
    {
        var options = new StormlineKafkaOptions { UseEnvironment = false };
        options.ClientProperties.Set("security.protocol", "SASL_SOMETHING");
        await using var kafka = await StormlineKafka.StartAsync(options);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => kafka.ProduceAsync("any", "k", "v"));

        Assert.Contains("Invalid value \"SASL_SOMETHING\" for configuration property \"security.protocol\"", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => kafka.ConsumeUntilIdle("any", TimeSpan.FromMilliseconds(100)));
    }

    [Fact]
    public async Task External_mode_reads_a_client_properties_file_named_by_the_environment()
    {
        await using var embedded = await StormlineKafka.StartAsync(new StormlineKafkaOptions { UseEnvironment = false });
        var file = Path.Combine(Directory.CreateTempSubdirectory("stormline-testing-").FullName, "client.properties");
        await File.WriteAllTextAsync(file, "# the cluster's settings\nsecurity.protocol=plaintext\nclient.id=kit-ci\nbasic.auth.user.info=ci:secret\n");
        Environment.SetEnvironmentVariable(StormlineKafka.BootstrapVariable, embedded.BootstrapServers);
        Environment.SetEnvironmentVariable(StormlineKafka.ClientPropertiesVariable, file);
        try
        {
            var options = new StormlineKafkaOptions();
            options.Topics.Add(new TopicSpec("external-secured", 1));
            await using var external = await StormlineKafka.StartAsync(options);

            Assert.False(external.IsEmbedded);
            Assert.Equal("kit-ci", external.ClientProperties.Values["client.id"]);
            Assert.Equal("ci:secret", external.ClientProperties.RegistryConfig("http://registry")["schema.registry.basic.auth.user.info"]);
            await external.ProduceAsync("external-secured", "k", "v");
            Assert.Single(external.ConsumeUntilIdle("external-secured", TimeSpan.FromMilliseconds(200)));

            await File.WriteAllTextAsync(file, "security.protocol=SASL_SOMETHING\n");
            var refused = await Assert.ThrowsAsync<ArgumentException>(() => StormlineKafka.StartAsync(options));
            Assert.Contains("\"security.protocol\"", refused.Message, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable(StormlineKafka.BootstrapVariable, null);
            Environment.SetEnvironmentVariable(StormlineKafka.ClientPropertiesVariable, null);
        }
    }
}
