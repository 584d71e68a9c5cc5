using System.Diagnostics;
using Confluent.Kafka;
using Stormline.Broker.Protocol;

namespace Stormline.Testing.Tests;

/// <summary>Faults are broker-wide, so each test starts a kit of its own (a broker starts in milliseconds).</summary>
[Collection(EnvironmentCollection.Name)]
public sealed class FaultTests
{
    private static Task<StormlineKafka> StartAsync(string topic, int partitions = 1)
    {
        var options = new StormlineKafkaOptions { UseEnvironment = false };
        options.Topics.Add(new TopicSpec(topic, partitions));
        return StormlineKafka.StartAsync(options);
    }

    private static IProducer<string, string> Producer(StormlineKafka kafka) => new ProducerBuilder<string, string>(new ProducerConfig
    {
        BootstrapServers = kafka.BootstrapServers,
        EnableIdempotence = true,
        LingerMs = 0,
        RetryBackoffMs = 50,
        ReconnectBackoffMs = 50,
        ReconnectBackoffMaxMs = 300, // after "broker back", reconnect promptly instead of backing off for seconds
    }).Build();

    [Fact]
    public async Task Idempotent_producer_keeps_every_message_exactly_once_through_not_leader_errors()
    {
        await using var kafka = await StartAsync("orders");
        using var producer = Producer(kafka);
        await producer.ProduceAsync("orders", new Message<string, string> { Key = "k", Value = "warm-up" });

        kafka.Faults.FailNext(ApiKey.Produce, 3, errorCode: 6); // NOT_LEADER_OR_FOLLOWER
        var sends = Enumerable.Range(0, 20).Select(i => producer.ProduceAsync("orders", new Message<string, string> { Key = "k", Value = $"m{i}" })).ToList();
        await Task.WhenAll(sends);

        Assert.Equal(0, kafka.Faults.Remaining(ApiKey.Produce));
        var values = kafka.ConsumeUntilIdle("orders", TimeSpan.FromMilliseconds(500)).Select(r => r.Value).ToList();
        Assert.Equal(["warm-up", .. Enumerable.Range(0, 20).Select(i => $"m{i}")], values);
    }

    [Fact]
    public async Task Latency_on_produce_delays_the_acknowledgement()
    {
        await using var kafka = await StartAsync("slow");
        using var producer = Producer(kafka);
        await producer.ProduceAsync("slow", new Message<string, string> { Key = "k", Value = "warm-up" });

        kafka.Faults.AddLatency(ApiKey.Produce, TimeSpan.FromMilliseconds(400));
        var clock = Stopwatch.StartNew();
        await producer.ProduceAsync("slow", new Message<string, string> { Key = "k", Value = "late" });
        var delayed = clock.Elapsed;

        kafka.Faults.AddLatency(ApiKey.Produce, TimeSpan.Zero);
        Assert.True(delayed >= TimeSpan.FromMilliseconds(380), $"acknowledged after {delayed.TotalMilliseconds:0} ms");
    }

    [Fact]
    public async Task Producer_recovers_after_connections_are_refused_for_a_window()
    {
        await using var kafka = await StartAsync("outage");
        using var producer = Producer(kafka);
        await producer.ProduceAsync("outage", new Message<string, string> { Key = "k", Value = "before" });

        var window = TimeSpan.FromSeconds(1.5);
        var clock = Stopwatch.StartNew();
        kafka.Faults.RefuseConnections(window);
        await producer.ProduceAsync("outage", new Message<string, string> { Key = "k", Value = "during" });

        // The record can only have been written once the broker was back.
        Assert.True(clock.Elapsed >= window - TimeSpan.FromMilliseconds(100), $"acknowledged after {clock.Elapsed.TotalMilliseconds:0} ms");
        var values = kafka.ConsumeUntilIdle("outage", TimeSpan.FromMilliseconds(500)).Select(r => r.Value).ToList();
        Assert.Equal(["before", "during"], values);
    }

    [Fact]
    public async Task Consumer_retries_an_offset_commit_failing_with_not_coordinator()
    {
        await using var kafka = await StartAsync("commits");
        for (var i = 0; i < 5; i++)
        {
            await kafka.ProduceAsync("commits", "k", $"m{i}");
        }

        kafka.Faults.FailNext(ApiKey.OffsetCommit, 1, errorCode: 16); // NOT_COORDINATOR
        using var consumer = new ConsumerBuilder<string, string>(new ConsumerConfig
        {
            BootstrapServers = kafka.BootstrapServers,
            GroupId = "commits-group",
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnableAutoCommit = false,
            // A broker answers one request per connection at a time, so the FindCoordinator that follows
            // NOT_COORDINATOR waits behind the fetch long poll (500 ms by default). librdkafka then sees answers
            // to overlapping coordinator queries and can bounce its coordinator connection for many seconds
            // (the same happens against Apache Kafka); short polls keep the re-discovery prompt.
            FetchWaitMaxMs = 20,
        }).Build();
        consumer.Subscribe("commits");
        ConsumeResult<string, string>? last = null;
        var read = 0;
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (read < 5 && DateTime.UtcNow < deadline)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(100)) is { Message: not null } result)
            {
                last = result;
                read++;
            }
        }

        Assert.Equal(5, read);
        consumer.Commit(last); // the client must absorb the injected NOT_COORDINATOR and retry on its own

        Assert.Equal(0, kafka.Faults.Remaining(ApiKey.OffsetCommit));
        await kafka.WaitForGroupLagAsync("commits-group", 0, TimeSpan.FromSeconds(5));
        consumer.Close();
    }

    [Fact]
    public async Task Faults_against_an_external_cluster_say_they_are_unavailable()
    {
        await using var embedded = await StormlineKafka.StartAsync(new StormlineKafkaOptions { UseEnvironment = false });
        Environment.SetEnvironmentVariable(StormlineKafka.BootstrapVariable, embedded.BootstrapServers);
        try
        {
            // The embedded broker stands in for "a real cluster": the kit only knows it by address.
            await using var external = await StormlineKafka.StartAsync();
            Assert.False(external.IsEmbedded);
            var error = Assert.Throws<NotSupportedException>(() => external.Faults);
            Assert.Contains("fault injection needs the embedded broker", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable(StormlineKafka.BootstrapVariable, null);
        }
    }
}
