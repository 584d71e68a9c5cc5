using Confluent.Kafka;
using Stormline.Broker.Protocol;

namespace Stormline.Testing.Tests;

/// <summary>Faults on the consuming side: fetch errors, coordinator discovery errors, a forced rebalance.</summary>
public sealed class ConsumerFaultTests
{
    private static async Task<StormlineKafka> StartWithRecordsAsync(string topic, int count)
    {
        var options = new StormlineKafkaOptions { UseEnvironment = false };
        options.Topics.Add(new TopicSpec(topic, 1));
        var kafka = await StormlineKafka.StartAsync(options);
        for (var i = 0; i < count; i++)
        {
            await kafka.ProduceAsync(topic, "k", $"m{i}");
        }

        return kafka;
    }

    private static IConsumer<string, string> Consumer(StormlineKafka kafka, string group, Action<ConsumerBuilder<string, string>>? configure = null)
    {
        var builder = new ConsumerBuilder<string, string>(new ConsumerConfig
        {
            BootstrapServers = kafka.BootstrapServers,
            GroupId = group,
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnableAutoCommit = false,
            FetchWaitMaxMs = 50,
            FetchErrorBackoffMs = 50,
            HeartbeatIntervalMs = 200,
        });
        configure?.Invoke(builder);
        return builder.Build();
    }

    private static List<string> ReadValues(IConsumer<string, string> consumer, int count, TimeSpan timeout, List<Confluent.Kafka.ErrorCode>? errors = null)
    {
        var values = new List<string>();
        var deadline = DateTime.UtcNow + timeout;
        while (values.Count < count && DateTime.UtcNow < deadline)
        {
            try
            {
                if (consumer.Consume(TimeSpan.FromMilliseconds(100)) is { Message: not null } result)
                {
                    values.Add(result.Message.Value);
                }
            }
            catch (ConsumeException ex) when (errors is not null && !ex.Error.IsFatal)
            {
                errors.Add(ex.Error.Code);
            }
        }

        return values;
    }

    [Theory]
    [InlineData((short)6, false)] // NOT_LEADER_OR_FOLLOWER: the client refreshes metadata and fetches again, silently
    [InlineData((short)7, true)] // REQUEST_TIMED_OUT: librdkafka tells the application (non-fatal) and fetches again
    public async Task A_consumer_reads_every_record_in_order_through_failed_fetches(short error, bool reported)
    {
        await using var kafka = await StartWithRecordsAsync("fetches", 10);
        kafka.Faults.FailNext(ApiKey.Fetch, 3, error);
        using var consumer = Consumer(kafka, "fetch-group");
        consumer.Subscribe("fetches");

        var errors = new List<Confluent.Kafka.ErrorCode>();
        var values = ReadValues(consumer, 10, TimeSpan.FromSeconds(20), errors);

        Assert.Equal(0, kafka.Faults.Remaining(ApiKey.Fetch));
        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"m{i}"), values);
        Assert.Equal(reported, errors.Count > 0);
        Assert.All(errors, code => Assert.Equal((Confluent.Kafka.ErrorCode)error, code));
        consumer.Close();
    }

    [Fact]
    public async Task A_consumer_joins_once_the_coordinator_becomes_available()
    {
        await using var kafka = await StartWithRecordsAsync("coordinated", 3);
        kafka.Faults.FailNext(ApiKey.FindCoordinator, 2, errorCode: 15); // COORDINATOR_NOT_AVAILABLE
        using var consumer = Consumer(kafka, "coordinated-group");
        consumer.Subscribe("coordinated");

        var values = ReadValues(consumer, 3, TimeSpan.FromSeconds(20));
        consumer.Commit();

        Assert.Equal(0, kafka.Faults.Remaining(ApiKey.FindCoordinator));
        Assert.Equal(["m0", "m1", "m2"], values);
        await kafka.WaitForGroupLagAsync("coordinated-group", 0, TimeSpan.FromSeconds(10));
        consumer.Close();
    }

    [Fact]
    public async Task A_forced_rebalance_revokes_and_reassigns_and_the_consumer_resumes_from_its_commit()
    {
        await using var kafka = await StartWithRecordsAsync("rebalanced", 6);
        var revoked = 0;
        var assigned = 0;
        using var consumer = Consumer(kafka, "rebalanced-group", b => b
            .SetPartitionsAssignedHandler((_, _) => Interlocked.Increment(ref assigned))
            .SetPartitionsRevokedHandler((c, _) =>
            {
                Interlocked.Increment(ref revoked);
                try
                {
                    c.Commit(); // what a consumer should do on revocation: keep what it has handled
                }
                catch (KafkaException e) when (e.Error.Code == Confluent.Kafka.ErrorCode.Local_NoOffset)
                {
                    // nothing consumed since the last commit
                }
            }));
        consumer.Subscribe("rebalanced");
        var first = ReadValues(consumer, 3, TimeSpan.FromSeconds(20));
        consumer.Commit();
        Assert.Equal(["m0", "m1", "m2"], first);

        kafka.Faults.ForceRebalance("rebalanced-group");
        await kafka.ProduceAsync("rebalanced", "k", "m6");
        // The member learns of the rebalance on its next heartbeat; keep consuming until it has rejoined.
        var rest = new List<string>();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((rest.Count < 4 || Volatile.Read(ref assigned) < 2) && DateTime.UtcNow < deadline)
        {
            rest.AddRange(ReadValues(consumer, 1, TimeSpan.FromMilliseconds(200)));
        }

        Assert.True(revoked >= 1, "the rebalance revoked the assignment");
        Assert.True(assigned >= 2, "the partition was assigned again");
        Assert.Equal(["m3", "m4", "m5", "m6"], rest);
        consumer.Close();
    }

    [Fact]
    public async Task Forcing_a_rebalance_of_an_unknown_group_says_so()
    {
        await using var kafka = await StormlineKafka.StartAsync(new StormlineKafkaOptions { UseEnvironment = false });
        var error = Assert.Throws<InvalidOperationException>(() => kafka.Faults.ForceRebalance("nobody"));
        Assert.Contains("'nobody'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Failing_an_api_key_without_a_fault_response_is_refused_with_the_supported_list()
    {
        await using var kafka = await StormlineKafka.StartAsync(new StormlineKafkaOptions { UseEnvironment = false });
        var error = Assert.Throws<NotSupportedException>(() => kafka.Faults.FailNext(ApiKey.CreateTopics, 1, errorCode: 7));
        Assert.Contains("Fetch", error.Message, StringComparison.Ordinal);
    }
}
