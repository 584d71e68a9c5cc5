using Confluent.Kafka;
using Stormline.Broker.Tests.Infrastructure;

namespace Stormline.Broker.Tests.Transactions;

/// <summary>Exactly-once consume-transform-produce: output records and the input group's offsets commit or abort together.</summary>
public sealed class ConsumeTransformProduceTests(TransactionBrokerFixture fixture) : IClassFixture<TransactionBrokerFixture>
{
    private string Bootstrap => fixture.BootstrapServers;

    [Fact]
    public async Task Offsets_sent_to_a_transaction_move_the_group_on_commit_and_stay_on_abort()
    {
        const string input = "ctp-in";
        const string output = "ctp-out";
        const string group = "ctp-group";
        await KafkaClients.CreateTopicAsync(Bootstrap, input, 1);
        await KafkaClients.CreateTopicAsync(Bootstrap, output, 1);
        using (var plain = KafkaClients.Producer(Bootstrap))
        {
            for (var i = 0; i < 6; i++)
            {
                await plain.ProduceAsync(input, new Message<string, string> { Key = "k", Value = $"in-{i}" });
            }
        }

        using var producer = TransactionalClients.Producer(Bootstrap, "ctp");
        using var consumer = TransactionalClients.Consumer(Bootstrap, IsolationLevel.ReadCommitted, group);
        consumer.Subscribe(input);
        var partition = new TopicPartition(input, 0);

        // Transaction 1: the first three inputs, committed with their offsets.
        Transform(producer, consumer, output, count: 3);
        producer.CommitTransaction(TimeSpan.FromSeconds(30));
        Assert.Equal(3, consumer.Committed([partition], TimeSpan.FromSeconds(10)).Single().Offset.Value);

        // Transaction 2: the next three, aborted: neither the outputs nor the offsets count.
        Transform(producer, consumer, output, count: 3);
        producer.AbortTransaction(TimeSpan.FromSeconds(30));
        Assert.Equal(3, consumer.Committed([partition], TimeSpan.FromSeconds(10)).Single().Offset.Value);

        TransactionalClients.CommitEnd(producer, output);
        Assert.Equal(["out-0", "out-1", "out-2"], TransactionalClients.ReadUntil(Bootstrap, output, IsolationLevel.ReadCommitted));
        consumer.Close();

        // A restarted consumer resumes after the committed transaction: the aborted inputs come again.
        using var restarted = TransactionalClients.Consumer(Bootstrap, IsolationLevel.ReadCommitted, group);
        restarted.Subscribe(input);
        var next = restarted.Consume(TimeSpan.FromSeconds(30));
        Assert.Equal("in-3", next?.Message.Value);
        restarted.Close();
    }

    [Fact]
    public async Task A_read_committed_consumer_waits_for_offsets_a_transaction_holds_before_it_starts()
    {
        const string input = "ctp-stable-in";
        const string group = "ctp-stable-group";
        await KafkaClients.CreateTopicAsync(Bootstrap, input, 1);
        await KafkaClients.ProduceAsync(Bootstrap, input, partitions: 1, perPartition: 5);
        using var producer = TransactionalClients.Producer(Bootstrap, "ctp-stable");
        producer.BeginTransaction();
        // Group metadata of a consumer that never joins: generation -1 and no member, as a plain offset store uses it.
        using (var outsider = TransactionalClients.Consumer(Bootstrap, IsolationLevel.ReadCommitted, group))
        {
            producer.SendOffsetsToTransaction([new TopicPartitionOffset(input, 0, 4)], outsider.ConsumerGroupMetadata, TimeSpan.FromSeconds(30));
        }

        // OffsetFetch with require_stable answers UNSTABLE_OFFSET_COMMIT until the transaction ends; the consumer retries.
        using var consumer = TransactionalClients.Consumer(Bootstrap, IsolationLevel.ReadCommitted, group);
        consumer.Subscribe(input);
        var commit = Task.Run(async () =>
        {
            await Task.Delay(2_000);
            producer.CommitTransaction(TimeSpan.FromSeconds(30));
        });
        var first = consumer.Consume(TimeSpan.FromSeconds(30));
        await commit;
        Assert.Equal(4, first?.Offset.Value);
        consumer.Close();
    }

    private static void Transform(IProducer<string, string> producer, IConsumer<string, string> consumer, string output, int count)
    {
        producer.BeginTransaction();
        TopicPartitionOffset? last = null;
        for (var i = 0; i < count; i++)
        {
            var record = consumer.Consume(TimeSpan.FromSeconds(30)) ?? throw new TimeoutException("no input record");
            producer.Produce(output, new Message<string, string> { Key = record.Message.Key, Value = record.Message.Value.Replace("in-", "out-", StringComparison.Ordinal) });
            last = record.TopicPartitionOffset;
        }

        producer.SendOffsetsToTransaction([new TopicPartitionOffset(last!.TopicPartition, last.Offset + 1)], consumer.ConsumerGroupMetadata, TimeSpan.FromSeconds(30));
    }
}
