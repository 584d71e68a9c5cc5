using Stormline.Broker.Protocol;
using Stormline.Broker.Tests.Infrastructure;
using Stormline.Broker.Tests.Protocol;

namespace Stormline.Broker.Tests.Transactions;

/// <summary>The transaction APIs on the wire, with the error codes Kafka answers for requests clients rarely send.</summary>
public sealed class TransactionProtocolTests(TransactionBrokerFixture fixture) : IClassFixture<TransactionBrokerFixture>
{
    [Fact]
    public async Task This_node_is_the_coordinator_of_transactional_ids()
    {
        using var client = await RawKafkaClient.ConnectAsync(fixture.BootstrapServers);
        var reader = await client.SendAsync(ApiKey.FindCoordinator, 1, w =>
        {
            w.WriteString("any-transactional-id");
            w.WriteInt8(1);
        });
        reader.ReadInt32();
        Assert.Equal(ErrorCode.None, (ErrorCode)reader.ReadInt16());
        reader.ReadNullableString();
        Assert.Equal(fixture.Broker.Context.NodeId, reader.ReadInt32());
    }

    [Fact]
    public async Task Each_InitProducerId_keeps_the_producer_id_and_bumps_the_epoch()
    {
        using var client = await RawKafkaClient.ConnectAsync(fixture.BootstrapServers);
        var (pid, epoch) = await InitAsync(client, "bumps");
        var (again, bumped) = await InitAsync(client, "bumps");
        Assert.Equal((pid, (short)(epoch + 1)), (again, bumped));
        Assert.Equal(ErrorCode.InvalidTransactionTimeout, await InitErrorAsync(client, "bumps", timeoutMs: 900_001));
    }

    [Fact]
    public async Task A_transactional_produce_needs_its_partition_in_the_transaction_and_the_current_epoch()
    {
        const string topic = "txn-wire-produce";
        await KafkaClients.CreateTopicAsync(fixture.BootstrapServers, topic, 2);
        using var client = await RawKafkaClient.ConnectAsync(fixture.BootstrapServers);
        var (pid, epoch) = await InitAsync(client, "wire-produce");

        Assert.Equal(ErrorCode.InvalidTxnState, await ProduceAsync(client, "wire-produce", topic, 0, pid, epoch, 0));
        Assert.Equal(ErrorCode.None, await AddPartitionAsync(client, 1, "wire-produce", pid, epoch, topic, 0));
        Assert.Equal(ErrorCode.None, await ProduceAsync(client, "wire-produce", topic, 0, pid, epoch, 0));
        // Partition 1 was not added: KIP-890's check.
        Assert.Equal(ErrorCode.InvalidTxnState, await ProduceAsync(client, "wire-produce", topic, 1, pid, epoch, 0));
        Assert.Equal(ErrorCode.InvalidProducerIdMapping, await ProduceAsync(client, "wire-produce", topic, 0, pid + 1, epoch, 0));

        // A new InitProducerId aborts the open transaction and fences this epoch.
        var (_, newEpoch) = await InitAsync(client, "wire-produce");
        Assert.Equal(ErrorCode.InvalidProducerEpoch, await ProduceAsync(client, "wire-produce", topic, 0, pid, epoch, 1));
        Assert.Equal(ErrorCode.InvalidProducerEpoch, await AddPartitionAsync(client, 1, "wire-produce", pid, epoch, topic, 0));
        Assert.Equal(ErrorCode.ProducerFenced, await AddPartitionAsync(client, 2, "wire-produce", pid, epoch, topic, 0));
        Assert.Equal(ErrorCode.UnknownTopicOrPartition, await AddPartitionAsync(client, 1, "wire-produce", pid, newEpoch, "no-such-topic", 0));
        Assert.Equal(ErrorCode.InvalidProducerIdMapping, await AddPartitionAsync(client, 1, "never-initialised", pid, newEpoch, topic, 0));

        var log = Assert.IsType<Stormline.Broker.Log.PartitionLog>(fixture.Broker.Context.Topics.All.Single(t => t.Name == topic).Partition(0));
        Assert.Equal(log.LogEndOffset, log.LastStableOffset);
        Assert.Single(log.AbortedTransactions(0, log.LogEndOffset));
    }

    [Fact]
    public async Task EndTxn_answers_like_Kafka_before_during_and_after_a_transaction()
    {
        const string topic = "txn-wire-end";
        await KafkaClients.CreateTopicAsync(fixture.BootstrapServers, topic, 1);
        using var client = await RawKafkaClient.ConnectAsync(fixture.BootstrapServers);
        var (pid, epoch) = await InitAsync(client, "wire-end");

        Assert.Equal(ErrorCode.InvalidTxnState, await EndAsync(client, "wire-end", pid, epoch, commit: true));
        Assert.Equal(ErrorCode.None, await AddPartitionAsync(client, 1, "wire-end", pid, epoch, topic, 0));
        Assert.Equal(ErrorCode.InvalidTxnState, await TxnOffsetCommitAsync(client, "wire-end", "wire-end-group", pid, epoch, topic));
        Assert.Equal(ErrorCode.None, await ProduceAsync(client, "wire-end", topic, 0, pid, epoch, 0));
        Assert.Equal(ErrorCode.None, await EndAsync(client, "wire-end", pid, epoch, commit: true));
        Assert.Equal(ErrorCode.None, await EndAsync(client, "wire-end", pid, epoch, commit: true));
        Assert.Equal(ErrorCode.InvalidTxnState, await EndAsync(client, "wire-end", pid, epoch, commit: false));
        Assert.Equal(ErrorCode.InvalidProducerIdMapping, await EndAsync(client, "unknown-id", pid, epoch, commit: true));
    }

    [Fact]
    public async Task A_control_batch_from_a_client_is_refused()
    {
        const string topic = "txn-wire-control";
        await KafkaClients.CreateTopicAsync(fixture.BootstrapServers, topic, 1);
        using var client = await RawKafkaClient.ConnectAsync(fixture.BootstrapServers);
        var marker = TransactionMarker.Build(producerId: 77, producerEpoch: 0, commit: true, coordinatorEpoch: 0, timestampMs: 1_700_000_000_000);
        Assert.Equal(ErrorCode.InvalidRecord, await ProduceBytesAsync(client, null, topic, 0, marker));
    }

    private static async Task<(long ProducerId, short Epoch)> InitAsync(RawKafkaClient client, string transactionalId)
    {
        var reader = await client.SendAsync(ApiKey.InitProducerId, 1, w =>
        {
            w.WriteString(transactionalId);
            w.WriteInt32(60_000);
        });
        reader.ReadInt32();
        Assert.Equal(ErrorCode.None, (ErrorCode)reader.ReadInt16());
        return (reader.ReadInt64(), reader.ReadInt16());
    }

    private static async Task<ErrorCode> InitErrorAsync(RawKafkaClient client, string transactionalId, int timeoutMs)
    {
        var reader = await client.SendAsync(ApiKey.InitProducerId, 1, w =>
        {
            w.WriteString(transactionalId);
            w.WriteInt32(timeoutMs);
        });
        reader.ReadInt32();
        return (ErrorCode)reader.ReadInt16();
    }

    private static async Task<ErrorCode> AddPartitionAsync(RawKafkaClient client, short version, string transactionalId, long pid, short epoch, string topic, int partition)
    {
        var reader = await client.SendAsync(ApiKey.AddPartitionsToTxn, version, w =>
        {
            w.WriteString(transactionalId);
            w.WriteInt64(pid);
            w.WriteInt16(epoch);
            w.WriteArrayLength(1);
            w.WriteString(topic);
            w.WriteArrayLength(1);
            w.WriteInt32(partition);
        });
        reader.ReadInt32();
        var topics = reader.ReadArray(t => (t.ReadString(), t.ReadArray(p => (p.ReadInt32(), (ErrorCode)p.ReadInt16()))));
        return Assert.Single(Assert.Single(topics).Item2).Item2;
    }

    private static async Task<ErrorCode> EndAsync(RawKafkaClient client, string transactionalId, long pid, short epoch, bool commit)
    {
        var reader = await client.SendAsync(ApiKey.EndTxn, 1, w =>
        {
            w.WriteString(transactionalId);
            w.WriteInt64(pid);
            w.WriteInt16(epoch);
            w.WriteBool(commit);
        });
        reader.ReadInt32();
        return (ErrorCode)reader.ReadInt16();
    }

    private static async Task<ErrorCode> TxnOffsetCommitAsync(RawKafkaClient client, string transactionalId, string group, long pid, short epoch, string topic)
    {
        var reader = await client.SendAsync(ApiKey.TxnOffsetCommit, 2, w =>
        {
            w.WriteString(transactionalId);
            w.WriteString(group);
            w.WriteInt64(pid);
            w.WriteInt16(epoch);
            w.WriteArrayLength(1);
            w.WriteString(topic);
            w.WriteArrayLength(1);
            w.WriteInt32(0);
            w.WriteInt64(1);
            w.WriteInt32(-1);
            w.WriteString(null);
        });
        reader.ReadInt32();
        var topics = reader.ReadArray(t => (t.ReadString(), t.ReadArray(p => (p.ReadInt32(), (ErrorCode)p.ReadInt16()))));
        return Assert.Single(Assert.Single(topics).Item2).Item2;
    }

    /// <summary>A transactional batch of one record (attribute bit 4) at the given sequence.</summary>
    private static Task<ErrorCode> ProduceAsync(RawKafkaClient client, string transactionalId, string topic, int partition, long pid, short epoch, int sequence)
    {
        var batch = TestRecordBatch.MarkTransactional(TestRecordBatch.Create([("k", "v")], pid, epoch, sequence));
        return ProduceBytesAsync(client, transactionalId, topic, partition, batch);
    }

    private static async Task<ErrorCode> ProduceBytesAsync(RawKafkaClient client, string? transactionalId, string topic, int partition, byte[] batch)
    {
        var reader = await client.SendAsync(ApiKey.Produce, 3, w =>
        {
            w.WriteString(transactionalId);
            w.WriteInt16(-1);
            w.WriteInt32(10_000);
            w.WriteArrayLength(1);
            w.WriteString(topic);
            w.WriteArrayLength(1);
            w.WriteInt32(partition);
            w.WriteNullableBytes(batch);
        });
        var topics = reader.ReadArray(t => (t.ReadString(), t.ReadArray(p =>
        {
            var index = p.ReadInt32();
            var error = (ErrorCode)p.ReadInt16();
            p.ReadInt64();
            p.ReadInt64();
            return (index, error);
        })));
        return Assert.Single(Assert.Single(topics).Item2).error;
    }
}
