using Confluent.Kafka;
using Stormline.Broker.Tests.Infrastructure;

namespace Stormline.Broker.Tests.Transactions;

/// <summary>Confluent.Kafka's transactional producer and read_committed / read_uncommitted consumers against the broker.</summary>
public sealed class TransactionTests(TransactionBrokerFixture fixture) : IClassFixture<TransactionBrokerFixture>
{
    private string Bootstrap => fixture.BootstrapServers;

    [Fact]
    public async Task Committed_records_reach_read_committed_consumers_and_aborted_ones_only_read_uncommitted_ones()
    {
        const string topic = "txn-commit-abort";
        await KafkaClients.CreateTopicAsync(Bootstrap, topic, 1);
        using var producer = TransactionalClients.Producer(Bootstrap, "commit-abort");

        producer.BeginTransaction();
        foreach (var value in new[] { "a1", "a2", "a3" })
        {
            producer.Produce(topic, new Message<string, string> { Key = "k", Value = value });
        }

        producer.CommitTransaction(TimeSpan.FromSeconds(30));

        producer.BeginTransaction();
        foreach (var value in new[] { "b1", "b2" })
        {
            producer.Produce(topic, new Message<string, string> { Key = "k", Value = value });
        }

        producer.Flush(TimeSpan.FromSeconds(10));
        producer.AbortTransaction(TimeSpan.FromSeconds(30));
        TransactionalClients.CommitEnd(producer, topic);

        Assert.Equal(["a1", "a2", "a3"], TransactionalClients.ReadUntil(Bootstrap, topic, IsolationLevel.ReadCommitted));
        // The markers take offsets of their own, but never reach the application as records.
        Assert.Equal(["a1", "a2", "a3", "b1", "b2"], TransactionalClients.ReadUntil(Bootstrap, topic, IsolationLevel.ReadUncommitted));
        using var consumer = TransactionalClients.Consumer(Bootstrap, IsolationLevel.ReadCommitted);
        Assert.Equal(9, consumer.QueryWatermarkOffsets(new TopicPartition(topic, 0), TimeSpan.FromSeconds(10)).High.Value);
    }

    [Fact]
    public async Task Read_committed_stops_at_an_open_transaction_and_moves_on_when_it_commits()
    {
        const string topic = "txn-lso";
        await KafkaClients.CreateTopicAsync(Bootstrap, topic, 1);
        using var transactional = TransactionalClients.Producer(Bootstrap, "lso");
        using var plain = KafkaClients.Producer(Bootstrap);
        await plain.ProduceAsync(topic, new Message<string, string> { Key = "k", Value = "before" });

        transactional.BeginTransaction();
        await transactional.ProduceAsync(topic, new Message<string, string> { Key = "k", Value = "inside" });
        await plain.ProduceAsync(topic, new Message<string, string> { Key = "k", Value = "after" });

        var partition = new TopicPartition(topic, 0);
        using (var committed = TransactionalClients.Consumer(Bootstrap, IsolationLevel.ReadCommitted))
        using (var uncommitted = TransactionalClients.Consumer(Bootstrap, IsolationLevel.ReadUncommitted))
        {
            // Latest for read_committed is the last stable offset: the open transaction's first offset.
            Assert.Equal(1, committed.QueryWatermarkOffsets(partition, TimeSpan.FromSeconds(10)).High.Value);
            Assert.Equal(3, uncommitted.QueryWatermarkOffsets(partition, TimeSpan.FromSeconds(10)).High.Value);

            committed.Assign(new TopicPartitionOffset(partition, Offset.Beginning));
            var seen = new List<string>();
            var until = DateTime.UtcNow.AddSeconds(2);
            while (DateTime.UtcNow < until)
            {
                if (committed.Consume(TimeSpan.FromMilliseconds(100)) is { Message: { } message })
                {
                    seen.Add(message.Value);
                }
            }

            // Not even the plain record after it: nothing past the last stable offset is returned.
            Assert.Equal(["before"], seen);

            transactional.CommitTransaction(TimeSpan.FromSeconds(30));
            until = DateTime.UtcNow.AddSeconds(20);
            while (seen.Count < 3 && DateTime.UtcNow < until)
            {
                if (committed.Consume(TimeSpan.FromMilliseconds(100)) is { Message: { } message })
                {
                    seen.Add(message.Value);
                }
            }

            Assert.Equal(["before", "inside", "after"], seen);
        }
    }

    [Fact]
    public async Task A_second_producer_with_the_same_transactional_id_fences_the_first_and_aborts_its_transaction()
    {
        const string topic = "txn-fencing";
        await KafkaClients.CreateTopicAsync(Bootstrap, topic, 1);
        using var first = TransactionalClients.Producer(Bootstrap, "fencing");
        first.BeginTransaction();
        await first.ProduceAsync(topic, new Message<string, string> { Key = "k", Value = "zombie" });

        using var second = TransactionalClients.Producer(Bootstrap, "fencing");
        var fenced = Assert.ThrowsAny<KafkaException>(() => first.CommitTransaction(TimeSpan.FromSeconds(30)));
        Assert.True(fenced.Error.IsFatal || fenced is KafkaTxnRequiresAbortException, $"{fenced.Error.Code}: {fenced.Error.Reason}");
        Assert.Contains(fenced.Error.Code, new[] { ErrorCode.Local_Fenced, ErrorCode.InvalidProducerEpoch, ErrorCode.ProducerFenced });

        second.BeginTransaction();
        await second.ProduceAsync(topic, new Message<string, string> { Key = "k", Value = "current" });
        second.CommitTransaction(TimeSpan.FromSeconds(30));
        TransactionalClients.CommitEnd(second, topic);

        Assert.Equal(["current"], TransactionalClients.ReadUntil(Bootstrap, topic, IsolationLevel.ReadCommitted));
    }

    [Fact]
    public async Task An_abandoned_transaction_is_aborted_after_its_timeout_and_read_committed_consumers_move_past_it()
    {
        const string topic = "txn-timeout";
        await KafkaClients.CreateTopicAsync(Bootstrap, topic, 1);
        using var abandoned = TransactionalClients.Producer(Bootstrap, "abandoned", transactionTimeoutMs: 3_000);
        abandoned.BeginTransaction();
        await abandoned.ProduceAsync(topic, new Message<string, string> { Key = "k", Value = "abandoned" });
        using var plain = KafkaClients.Producer(Bootstrap);
        await plain.ProduceAsync(topic, new Message<string, string> { Key = "k", Value = "after" });
        await plain.ProduceAsync(topic, new Message<string, string> { Key = "k", Value = "end" });

        var waited = System.Diagnostics.Stopwatch.StartNew();
        Assert.Equal(["after"], TransactionalClients.ReadUntil(Bootstrap, topic, IsolationLevel.ReadCommitted));
        Assert.True(waited.Elapsed > TimeSpan.FromSeconds(1.5), $"the transaction ended after {waited.Elapsed}, before its timeout");

        // The coordinator bumped the epoch when it aborted: the abandoned producer is fenced.
        var fenced = Assert.ThrowsAny<KafkaException>(() => abandoned.CommitTransaction(TimeSpan.FromSeconds(30)));
        Assert.True(fenced.Error.IsFatal || fenced is KafkaTxnRequiresAbortException, $"{fenced.Error.Code}: {fenced.Error.Reason}");
    }

    [Fact]
    public void A_transaction_timeout_above_transaction_max_timeout_ms_is_refused()
    {
        var config = KafkaClients.ProducerConfig(Bootstrap);
        config.TransactionalId = "too-long";
        config.TransactionTimeoutMs = 1_000_000;
        using var producer = new ProducerBuilder<string, string>(config).Build();
        var refused = Assert.ThrowsAny<KafkaException>(() => producer.InitTransactions(TimeSpan.FromSeconds(30)));
        Assert.Equal(ErrorCode.InvalidTransactionTimeout, refused.Error.Code);
    }
}
