using Confluent.Kafka;

namespace Stormline.Testing.Tests;

/// <summary>The kit against exactly-once code: transactional producers, read_committed reads and group lag.</summary>
public sealed class ExactlyOnceTests(SharedKafka shared)
{
    [Fact]
    public async Task Reads_return_committed_transactions_only_and_end_despite_the_markers()
    {
        var kafka = shared.Kafka;
        var topic = TopicPrefix.Name("txn");
        await kafka.CreateTopicsAsync([new TopicSpec(topic, 2)]);
        using var producer = TransactionalProducer(kafka, topic);

        producer.BeginTransaction();
        producer.Produce(topic, new Message<string, string> { Key = "a", Value = "committed-1" });
        producer.Produce(topic, new Message<string, string> { Key = "b", Value = "committed-2" });
        producer.CommitTransaction(TimeSpan.FromSeconds(30));
        producer.BeginTransaction();
        producer.Produce(topic, new Message<string, string> { Key = "a", Value = "aborted" });
        producer.Flush(TimeSpan.FromSeconds(10));
        producer.AbortTransaction(TimeSpan.FromSeconds(30));

        // Every partition ends with a marker that never arrives as a record: the read must still finish.
        var records = kafka.ConsumeUntilIdle(topic, TimeSpan.FromMilliseconds(300));
        Assert.Equal(["committed-1", "committed-2"], records.Select(r => r.Value).Order());
    }

    [Fact]
    public async Task A_consume_transform_produce_loop_commits_its_input_offsets_with_its_output()
    {
        var kafka = shared.Kafka;
        var input = TopicPrefix.Name("eos-in");
        var output = input + "-out";
        var group = input + "-group";
        await kafka.CreateTopicsAsync([new TopicSpec(input), new TopicSpec(output)]);
        for (var i = 0; i < 4; i++)
        {
            await kafka.ProduceAsync(input, "k", $"order-{i}");
        }

        using var producer = TransactionalProducer(kafka, input);
        using var consumer = GroupConsumers.Subscribed(kafka, group, input);
        producer.BeginTransaction();
        for (var i = 0; i < 4; i++)
        {
            var record = consumer.Consume(TimeSpan.FromSeconds(30)) ?? throw new TimeoutException("no input");
            producer.Produce(output, new Message<string, string> { Key = record.Message.Key, Value = record.Message.Value.Replace("order", "invoice", StringComparison.Ordinal) });
            producer.SendOffsetsToTransaction([new TopicPartitionOffset(record.TopicPartition, record.Offset + 1)], consumer.ConsumerGroupMetadata, TimeSpan.FromSeconds(30));
        }

        await Assert.ThrowsAsync<TimeoutException>(() => kafka.WaitForGroupLagAsync(group, 0, TimeSpan.FromMilliseconds(500)));
        producer.CommitTransaction(TimeSpan.FromSeconds(30));
        await kafka.WaitForGroupLagAsync(group, 0, TimeSpan.FromSeconds(15));
        Assert.Equal(["invoice-0", "invoice-1", "invoice-2", "invoice-3"], kafka.ConsumeUntilIdle(output, TimeSpan.FromMilliseconds(300)).Select(r => r.Value));
        consumer.Close();
    }

    [Fact]
    public async Task A_group_that_read_a_transactional_topic_to_its_end_has_no_lag()
    {
        var kafka = shared.Kafka;
        var topic = TopicPrefix.Name("txn-lag");
        var group = topic + "-group";
        await kafka.CreateTopicsAsync([new TopicSpec(topic)]);
        using var producer = TransactionalProducer(kafka, topic);
        for (var i = 0; i < 2; i++)
        {
            producer.BeginTransaction();
            producer.Produce(topic, new Message<string, string> { Key = "k", Value = $"v{i}" });
            producer.CommitTransaction(TimeSpan.FromSeconds(30));
        }

        using var consumer = GroupConsumers.Subscribed(kafka, group, topic);
        var read = 0;
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(200)) is { Message: not null })
            {
                read++;
            }
            else if (read == 2)
            {
                // Commits the consumer's positions, which moved past the last marker.
                consumer.Commit();
                break;
            }
        }

        Assert.Equal(2, read);
        await kafka.WaitForGroupLagAsync(group, 0, TimeSpan.FromSeconds(10));
        consumer.Close();
    }

    private static IProducer<string, string> TransactionalProducer(StormlineKafka kafka, string name)
    {
        var producer = new ProducerBuilder<string, string>(kafka.ClientProperties.ApplyTo(new ProducerConfig
        {
            BootstrapServers = kafka.BootstrapServers,
            TransactionalId = name + "-producer",
        })).Build();
        producer.InitTransactions(TimeSpan.FromSeconds(30));
        return producer;
    }
}
