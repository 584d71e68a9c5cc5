using Confluent.Kafka;
using Stormline.Broker.Server;
using Stormline.Broker.Tests.Infrastructure;
using Stormline.Broker.Tests.Transactions;

namespace Stormline.Broker.Tests.Crash;

/// <summary>
/// A crash between an EndTxn's decision and its markers: the coordinator has PrepareCommit (or PrepareAbort) in its
/// transaction log, no partition has a marker and the group has not got the offsets. A broker holding its markers
/// (<see cref="BrokerFaults.HoldTransactionMarkers"/>) answers both EndTxns, and its data folder is copied as it
/// stands, which is what a SIGKILL at that instant leaves (everything written was handed to the OS); then
/// <c>stormline broker</c> starts on the copy with no producer connected. It must finish both transactions by itself:
/// the committed one visible to read_committed with its offsets applied, the aborted one hidden, the partitions stable.
/// </summary>
public sealed class PreparedTransactionCrashTests
{
    private const string Topic = "prepared";
    private const string Input = "prepared-in";
    private const string Group = "prepared-group";

    [Fact]
    public async Task A_decided_transaction_without_its_markers_is_completed_by_the_restarted_broker()
    {
        var original = BrokerProcess.NewDataDirectory("stormline-prepared");
        await BrokerProcess.RunAsync(original + "-crashed", [], async restarted =>
        {
            await using (var broker = await KafkaBroker.StartAsync(new BrokerOptions { Port = 0, DataDirectory = original }))
            {
                var bootstrap = broker.BootstrapServers;
                await KafkaClients.CreateTopicAsync(bootstrap, Topic, 2);
                await KafkaClients.CreateTopicAsync(bootstrap, Input, 1);
                using var committing = TransactionalClients.Producer(bootstrap, "prepared-commit");
                using var aborting = TransactionalClients.Producer(bootstrap, "prepared-abort");
                await ProduceAsync(committing, "c");
                await ProduceAsync(aborting, "a");
                using (var outsider = TransactionalClients.Consumer(bootstrap, IsolationLevel.ReadCommitted, Group))
                {
                    committing.SendOffsetsToTransaction([new TopicPartitionOffset(Input, 0, 5)], outsider.ConsumerGroupMetadata, TimeSpan.FromSeconds(30));
                }

                broker.Faults.HoldTransactionMarkers(true);
                committing.CommitTransaction(TimeSpan.FromSeconds(30));
                aborting.AbortTransaction(TimeSpan.FromSeconds(30));

                Assert.Equal("PrepareCommit", (await TransactionAdminWire.DescribeAsync(bootstrap, "prepared-commit")).State);
                Assert.Equal("PrepareAbort", (await TransactionAdminWire.DescribeAsync(bootstrap, "prepared-abort")).State);
                using (var reader = TransactionalClients.Consumer(bootstrap, IsolationLevel.ReadCommitted))
                {
                    // No marker: the last stable offset is still where the first transaction began.
                    Assert.Equal(0, reader.QueryWatermarkOffsets(new TopicPartition(Topic, 0), TimeSpan.FromSeconds(10)).High.Value);
                }

                CopyDirectory(original, restarted.DataDirectory);
            }

            await restarted.StartAsync();
            var recovered = restarted.BootstrapServers;
            Assert.Equal("CompleteCommit", (await TransactionAdminWire.DescribeAsync(recovered, "prepared-commit")).State);
            Assert.Equal("CompleteAbort", (await TransactionAdminWire.DescribeAsync(recovered, "prepared-abort")).State);
            using (var reader = TransactionalClients.Consumer(recovered, IsolationLevel.ReadCommitted))
            {
                // Three records of each producer and two markers: every partition stable up to its end.
                for (var p = 0; p < 2; p++)
                {
                    var stable = reader.QueryWatermarkOffsets(new TopicPartition(Topic, p), TimeSpan.FromSeconds(10)).High.Value;
                    Assert.Equal(8, stable);
                }
            }

            var visible = TransactionalClients.ReadToEnd(recovered, Topic, 2, IsolationLevel.ReadCommitted);
            Assert.Equal(["c-0-0", "c-0-1", "c-0-2"], visible[0]);
            Assert.Equal(["c-1-0", "c-1-1", "c-1-2"], visible[1]);
            using var group = TransactionalClients.Consumer(recovered, IsolationLevel.ReadCommitted, Group);
            Assert.Equal(5, group.Committed([new TopicPartition(Input, 0)], TimeSpan.FromSeconds(10)).Single().Offset.Value);
        }, original);
    }

    /// <summary>Three records in each partition, acknowledged, in the producer's open transaction: "prefix-partition-index".</summary>
    private static async Task ProduceAsync(IProducer<string, string> producer, string prefix)
    {
        producer.BeginTransaction();
        for (var p = 0; p < 2; p++)
        {
            for (var i = 0; i < 3; i++)
            {
                await producer.ProduceAsync(new TopicPartition(Topic, p), new Message<string, string> { Key = "k", Value = $"{prefix}-{p}-{i}" });
            }
        }
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (var directory in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(directory.Replace(from, to, StringComparison.Ordinal));
        }

        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            File.Copy(file, file.Replace(from, to, StringComparison.Ordinal));
        }
    }
}
