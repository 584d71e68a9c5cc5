using System.Diagnostics;

namespace Stormline.Testing.Tests;

/// <summary>A kit of its own per test: start, topics, registry, and cleanup on dispose.</summary>
public sealed class StartupTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Starts_with_os_assigned_ports_and_requested_topics_then_cleans_up()
    {
        var clock = Stopwatch.StartNew();
        var options = new StormlineKafkaOptions { WithSchemaRegistry = true, UseEnvironment = false };
        options.Topics.Add(new TopicSpec("orders", 3));
        var kafka = await StormlineKafka.StartAsync(options);
        var started = clock.Elapsed;
        string registryUrl;
        await using (kafka)
        {
            // Measured, not asserted: timing depends on the machine.
            output.WriteLine($"kit start (broker + registry + 1 topic): {kafka.StartTime.TotalMilliseconds:0} ms, to caller {started.TotalMilliseconds:0} ms");

            Assert.True(kafka.IsEmbedded);
            Assert.DoesNotContain(":9092", kafka.BootstrapServers, StringComparison.Ordinal);
            registryUrl = Assert.IsType<string>(kafka.SchemaRegistryUrl);
            Assert.DoesNotContain(":8081", registryUrl, StringComparison.Ordinal);

            using var http = new HttpClient();
            Assert.Equal("[]", (await http.GetStringAsync(registryUrl + "/subjects")).Trim());

            using var admin = new Confluent.Kafka.AdminClientBuilder(new Confluent.Kafka.AdminClientConfig { BootstrapServers = kafka.BootstrapServers }).Build();
            var metadata = admin.GetMetadata("orders", TimeSpan.FromSeconds(5));
            Assert.Equal(3, Assert.Single(metadata.Topics).Partitions.Count);
        }

        using var after = new HttpClient();
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => after.GetStringAsync(registryUrl + "/subjects"));
    }

    [Fact]
    public async Task Without_registry_the_url_is_null()
    {
        await using var kafka = await StormlineKafka.StartAsync(new StormlineKafkaOptions { UseEnvironment = false });
        output.WriteLine($"kit start (broker only): {kafka.StartTime.TotalMilliseconds:0} ms");
        Assert.Null(kafka.SchemaRegistryUrl);
    }
}
