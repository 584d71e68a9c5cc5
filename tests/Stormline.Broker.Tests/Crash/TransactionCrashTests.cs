using Confluent.Kafka;
using Stormline.Broker.Tests.Infrastructure;
using Stormline.Broker.Tests.Transactions;

namespace Stormline.Broker.Tests.Crash;

/// <summary>
/// <c>stormline broker</c> SIGKILLed while a transaction is open: committed transactions stay committed, the open one
/// is never half-visible, and after the restart it is either aborted once its timeout has passed (read_committed
/// consumers then move past it) or completed by its producer, staged offsets included.
/// </summary>
public sealed class TransactionCrashTests
{
    private const string Topic = "txn-crash";

    [Fact]
    public async Task A_transaction_open_at_a_SIGKILL_is_aborted_after_its_timeout_and_committed_data_stays()
    {
        await BrokerProcess.RunAsync(BrokerProcess.NewDataDirectory("stormline-txn-crash"), ["transaction.abort.timed.out.transaction.cleanup.interval.ms=100"], async broker =>
        {
            await broker.StartAsync();
            await KafkaClients.CreateTopicAsync(broker.BootstrapServers, Topic, 1);
            // The producer stays alive but idle: only the coordinator's timeout may end its transaction.
            using var producer = TransactionalClients.Producer(broker.BootstrapServers, "crash-abort", transactionTimeoutMs: 6_000);
            await CommitAndLeaveOpenAsync(producer);
            broker.Kill();
            await broker.StartAsync();

            // Until the open transaction times out, read_committed ends where it began.
            using (var early = TransactionalClients.Consumer(broker.BootstrapServers, IsolationLevel.ReadCommitted))
            {
                Assert.Equal(4, early.QueryWatermarkOffsets(new TopicPartition(Topic, 0), TimeSpan.FromSeconds(10)).High.Value);
            }

            using var plain = KafkaClients.Producer(broker.BootstrapServers);
            await plain.ProduceAsync(Topic, new Message<string, string> { Key = "k", Value = "end" });
            Assert.Equal(["c1", "c2", "c3"], TransactionalClients.ReadUntil(broker.BootstrapServers, Topic, IsolationLevel.ReadCommitted));
            Assert.Equal(["c1", "c2", "c3", "o1", "o2", "o3"], TransactionalClients.ReadUntil(broker.BootstrapServers, Topic, IsolationLevel.ReadUncommitted));

            // The abort is durable too: after another SIGKILL the log still ends stable.
            broker.Kill();
            await broker.StartAsync();
            using var late = TransactionalClients.Consumer(broker.BootstrapServers, IsolationLevel.ReadCommitted);
            var watermarks = late.QueryWatermarkOffsets(new TopicPartition(Topic, 0), TimeSpan.FromSeconds(10));
            Assert.Equal(9, watermarks.High.Value);
            Assert.Equal(["c1", "c2", "c3"], TransactionalClients.ReadUntil(broker.BootstrapServers, Topic, IsolationLevel.ReadCommitted));
        });
    }

    [Fact]
    public async Task A_transaction_open_at_a_SIGKILL_can_be_committed_after_the_restart_with_its_offsets()
    {
        await BrokerProcess.RunAsync(BrokerProcess.NewDataDirectory("stormline-txn-crash"), [], async broker =>
        {
            await broker.StartAsync();
            await KafkaClients.CreateTopicAsync(broker.BootstrapServers, Topic, 1);
            using var producer = TransactionalClients.Producer(broker.BootstrapServers, "crash-commit");
            using (var outsider = TransactionalClients.Consumer(broker.BootstrapServers, IsolationLevel.ReadCommitted, "crash-group"))
            {
                await CommitAndLeaveOpenAsync(producer, p => p.SendOffsetsToTransaction([new TopicPartitionOffset(Topic, 0, 2)], outsider.ConsumerGroupMetadata, TimeSpan.FromSeconds(30)));
            }

            broker.Kill();
            await broker.StartAsync();
            // The staged offsets survived the restart: read_committed consumers (require_stable) wait for them, and
            // read_uncommitted ones see the last stable commit (none) meanwhile.
            using (var group = TransactionalClients.Consumer(broker.BootstrapServers, IsolationLevel.ReadUncommitted, "crash-group"))
            {
                Assert.Equal(Offset.Unset, group.Committed([new TopicPartition(Topic, 0)], TimeSpan.FromSeconds(10)).Single().Offset);
            }

            using (var group = TransactionalClients.Consumer(broker.BootstrapServers, IsolationLevel.ReadCommitted, "crash-group"))
            {
                Assert.Throws<KafkaException>(() => group.Committed([new TopicPartition(Topic, 0)], TimeSpan.FromSeconds(2)));
            }

            producer.CommitTransaction(TimeSpan.FromSeconds(60));
            TransactionalClients.CommitEnd(producer, Topic);
            Assert.Equal(["c1", "c2", "c3", "o1", "o2", "o3"], TransactionalClients.ReadUntil(broker.BootstrapServers, Topic, IsolationLevel.ReadCommitted));
            using (var group = TransactionalClients.Consumer(broker.BootstrapServers, IsolationLevel.ReadCommitted, "crash-group"))
            {
                Assert.Equal(2, group.Committed([new TopicPartition(Topic, 0)], TimeSpan.FromSeconds(10)).Single().Offset.Value);
            }

            // The producer id and epoch survived the restarts: a new producer of the id fences this one.
            using var successor = TransactionalClients.Producer(broker.BootstrapServers, "crash-commit");
            producer.BeginTransaction();
            producer.Produce(Topic, new Message<string, string> { Key = "k", Value = "zombie" });
            Assert.ThrowsAny<KafkaException>(() => producer.CommitTransaction(TimeSpan.FromSeconds(30)));
        });
    }

    /// <summary>Commits c1-c3 (offsets 0-2, marker 3), then leaves o1-o3 (offsets 4-6) acknowledged in an open transaction.</summary>
    private static async Task CommitAndLeaveOpenAsync(IProducer<string, string> producer, Action<IProducer<string, string>>? inside = null)
    {
        producer.BeginTransaction();
        foreach (var value in new[] { "c1", "c2", "c3" })
        {
            producer.Produce(Topic, new Message<string, string> { Key = "k", Value = value });
        }

        producer.CommitTransaction(TimeSpan.FromSeconds(30));
        producer.BeginTransaction();
        foreach (var value in new[] { "o1", "o2", "o3" })
        {
            await producer.ProduceAsync(Topic, new Message<string, string> { Key = "k", Value = value });
        }

        inside?.Invoke(producer);
    }
}
