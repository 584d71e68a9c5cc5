namespace Stormline.Testing.Tests;

public sealed class ProduceConsumeTests(SharedKafka shared)
{
    [Fact]
    public async Task Records_come_back_in_order_with_their_headers()
    {
        var kafka = shared.Kafka;
        var topic = TopicPrefix.Name("events");
        await kafka.CreateTopicsAsync([new TopicSpec(topic)]);

        for (var i = 0; i < 5; i++)
        {
            await kafka.ProduceAsync(topic, $"k{i}", $"v{i}", new Dictionary<string, string> { ["trace"] = $"t{i}" });
        }

        var records = kafka.ConsumeUntilIdle(topic, TimeSpan.FromMilliseconds(500));

        Assert.Equal(["v0", "v1", "v2", "v3", "v4"], records.Select(r => r.Value));
        Assert.Equal(["t0", "t1", "t2", "t3", "t4"], records.Select(r => r.Header("trace")));
        Assert.Equal([0L, 1, 2, 3, 4], records.Select(r => r.Offset));
    }

    [Fact]
    public async Task Topics_from_the_fixture_exist_before_any_test_runs()
    {
        using var admin = new Confluent.Kafka.AdminClientBuilder(new Confluent.Kafka.AdminClientConfig { BootstrapServers = shared.BootstrapServers }).Build();
        var metadata = admin.GetMetadata("shared-up-front", TimeSpan.FromSeconds(5));
        Assert.Equal(2, Assert.Single(metadata.Topics).Partitions.Count);
        await Task.CompletedTask;
    }

    [Fact]
    public void Prefixes_differ_between_calls_and_name_the_test()
    {
        var a = TopicPrefix.ForCurrentTest();
        var b = TopicPrefix.ForCurrentTest();
        Assert.NotEqual(a, b);
        Assert.StartsWith("Prefixes_differ", a, StringComparison.Ordinal);
    }
}
