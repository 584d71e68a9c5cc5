using Confluent.Kafka;
using Stormline.Broker.Tests.Infrastructure;
using static Stormline.Broker.Tests.Transactions.TransactionAdminWire;
using WireError = Stormline.Broker.Protocol.ErrorCode;

namespace Stormline.Broker.Tests.Transactions;

/// <summary>
/// DescribeTransactions, ListTransactions and DescribeProducers over transactions driven by Confluent.Kafka's
/// transactional producer.
/// </summary>
public sealed class TransactionAdminTests(TransactionBrokerFixture fixture) : IClassFixture<TransactionBrokerFixture>
{
    private string Bootstrap => fixture.BootstrapServers;

    [Fact]
    public async Task DescribeTransactions_follows_a_transactional_id_from_Empty_through_Ongoing_to_CompleteCommit_and_CompleteAbort()
    {
        const string topic = "txn-admin-describe";
        await KafkaClients.CreateTopicAsync(Bootstrap, topic, 2);
        using var producer = TransactionalClients.Producer(Bootstrap, "admin-describe", transactionTimeoutMs: 45_000);

        var empty = await DescribeAsync(Bootstrap, "admin-describe");
        Assert.Equal((WireError.None, "admin-describe", "Empty", 45_000, -1L), (empty.Error, empty.TransactionalId, empty.State, empty.TimeoutMs, empty.StartTimeMs));
        Assert.True(empty.ProducerId >= 0);
        Assert.Empty(empty.Topics);

        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        producer.BeginTransaction();
        await producer.ProduceAsync(new TopicPartition(topic, 1), new Message<string, string> { Key = "k", Value = "v" });
        var ongoing = await DescribeAsync(Bootstrap, "admin-describe");
        Assert.Equal("Ongoing", ongoing.State);
        Assert.Equal((empty.ProducerId, empty.ProducerEpoch), (ongoing.ProducerId, ongoing.ProducerEpoch));
        Assert.InRange(ongoing.StartTimeMs, before - 1_000, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        var (name, partitions) = Assert.Single(ongoing.Topics);
        Assert.Equal(topic, name);
        Assert.Equal([1], partitions);

        producer.CommitTransaction(TimeSpan.FromSeconds(30));
        var committed = await DescribeAsync(Bootstrap, "admin-describe");
        Assert.Equal(("CompleteCommit", ongoing.StartTimeMs), (committed.State, committed.StartTimeMs));
        Assert.Empty(committed.Topics);

        producer.BeginTransaction();
        await producer.ProduceAsync(new TopicPartition(topic, 0), new Message<string, string> { Key = "k", Value = "gone" });
        producer.AbortTransaction(TimeSpan.FromSeconds(30));
        Assert.Equal("CompleteAbort", (await DescribeAsync(Bootstrap, "admin-describe")).State);

        var unknown = await DescribeAsync(Bootstrap, "never-seen-transactional-id");
        Assert.Equal((WireError.TransactionalIdNotFound, "never-seen-transactional-id"), (unknown.Error, unknown.TransactionalId));
    }

    [Fact]
    public async Task DescribeProducers_shows_the_open_transaction_start_offset_and_the_last_sequence_and_marker()
    {
        const string topic = "txn-admin-producers";
        await KafkaClients.CreateTopicAsync(Bootstrap, topic, 1);
        using var plain = KafkaClients.Producer(Bootstrap);
        await plain.ProduceAsync(topic, new Message<string, string> { Key = "k", Value = "idempotent" });
        using var producer = TransactionalClients.Producer(Bootstrap, "admin-producers");
        var id = (await DescribeAsync(Bootstrap, "admin-producers")).ProducerId;

        producer.BeginTransaction();
        await producer.ProduceAsync(topic, new Message<string, string> { Key = "k", Value = "one" });
        await producer.ProduceAsync(topic, new Message<string, string> { Key = "k", Value = "two" });
        var (error, open) = await DescribeProducersAsync(Bootstrap, topic, 0);
        Assert.Equal(WireError.None, error);
        Assert.Equal(2, open.Count);
        var idempotent = Assert.Single(open, p => p.ProducerId != id);
        Assert.Equal((0, -1L, -1), (idempotent.LastSequence, idempotent.CurrentTxnStartOffset, idempotent.CoordinatorEpoch));
        var transactional = Assert.Single(open, p => p.ProducerId == id);
        Assert.Equal((1, 1L, -1), (transactional.LastSequence, transactional.CurrentTxnStartOffset, transactional.CoordinatorEpoch));
        Assert.InRange(transactional.LastTimestamp, DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeMilliseconds(), DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());

        producer.CommitTransaction(TimeSpan.FromSeconds(30));
        var closed = Assert.Single((await DescribeProducersAsync(Bootstrap, topic, 0)).Producers, p => p.ProducerId == id);
        Assert.Equal((1, -1L, 0), (closed.LastSequence, closed.CurrentTxnStartOffset, closed.CoordinatorEpoch));

        Assert.Equal(WireError.UnknownTopicOrPartition, (await DescribeProducersAsync(Bootstrap, topic, 7)).Error);
        Assert.Equal(WireError.UnknownTopicOrPartition, (await DescribeProducersAsync(Bootstrap, "no-such-topic", 0)).Error);
    }

    [Fact]
    public async Task ListTransactions_filters_by_state_producer_id_and_duration_and_reports_unknown_states()
    {
        const string topic = "txn-admin-list";
        await KafkaClients.CreateTopicAsync(Bootstrap, topic, 1);
        using var open = TransactionalClients.Producer(Bootstrap, "admin-list-open");
        using var done = TransactionalClients.Producer(Bootstrap, "admin-list-done");
        TransactionalClients.CommitEnd(done, topic);
        open.BeginTransaction();
        await open.ProduceAsync(topic, new Message<string, string> { Key = "k", Value = "pending" });
        var openId = (await DescribeAsync(Bootstrap, "admin-list-open")).ProducerId;
        var doneId = (await DescribeAsync(Bootstrap, "admin-list-done")).ProducerId;

        var all = await ListAsync(Bootstrap, [], []);
        Assert.Equal(WireError.None, all.Error);
        Assert.Contains(("admin-list-open", openId, "Ongoing"), all.Transactions);
        Assert.Contains(("admin-list-done", doneId, "CompleteCommit"), all.Transactions);

        var ongoing = await ListAsync(Bootstrap, ["Ongoing"], [], version: 0);
        Assert.Contains(("admin-list-open", openId, "Ongoing"), ongoing.Transactions);
        Assert.All(ongoing.Transactions, t => Assert.Equal("Ongoing", t.State));

        Assert.Equal([("admin-list-done", doneId, "CompleteCommit")], (await ListAsync(Bootstrap, [], [doneId])).Transactions);
        Assert.Empty((await ListAsync(Bootstrap, ["Ongoing"], [doneId])).Transactions);

        var bogus = await ListAsync(Bootstrap, ["Bogus", "Dead"], []);
        Assert.Equal(WireError.None, bogus.Error);
        Assert.Equal(["Bogus"], bogus.UnknownStateFilters);
        Assert.Empty(bogus.Transactions);

        await Task.Delay(50);
        Assert.Contains(("admin-list-open", openId, "Ongoing"), (await ListAsync(Bootstrap, ["Ongoing"], [openId], durationMs: 10)).Transactions);
        Assert.Empty((await ListAsync(Bootstrap, [], [openId], durationMs: 3_600_000)).Transactions);
        open.AbortTransaction(TimeSpan.FromSeconds(30));
        Assert.Equal([("admin-list-open", openId, "CompleteAbort")], (await ListAsync(Bootstrap, [], [openId])).Transactions);
    }
}
