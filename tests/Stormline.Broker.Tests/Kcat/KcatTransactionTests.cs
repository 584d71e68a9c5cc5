using Confluent.Kafka;
using Stormline.Broker.Tests.Infrastructure;
using Stormline.Broker.Tests.Transactions;

namespace Stormline.Broker.Tests.Kcat;

/// <summary>kcat (librdkafka 2.0.2) reading transactional data with either isolation level.</summary>
public sealed class KcatTransactionTests(BrokerFixture fixture) : IClassFixture<BrokerFixture>
{
    private string Bootstrap => fixture.BootstrapServers;

    [Fact]
    public async Task Read_committed_skips_aborted_records_and_ends_at_an_open_transaction()
    {
        const string topic = "kcat-txn";
        await KafkaClients.CreateTopicAsync(Bootstrap, topic, 1);
        using var producer = TransactionalClients.Producer(Bootstrap, "kcat-txn");
        TransactionalClients.CommitEnd(producer, topic, "a1");
        producer.BeginTransaction();
        await producer.ProduceAsync(topic, new Message<string, string> { Key = "k", Value = "b1" });
        producer.AbortTransaction(TimeSpan.FromSeconds(30));
        TransactionalClients.CommitEnd(producer, topic, "a2");
        producer.BeginTransaction();
        await producer.ProduceAsync(topic, new Message<string, string> { Key = "k", Value = "o1" });

        Assert.Equal(["a1", "a2"], await ReadAsync(topic, "read_committed"));
        Assert.Equal(["a1", "b1", "a2", "o1"], await ReadAsync(topic, "read_uncommitted"));

        producer.CommitTransaction(TimeSpan.FromSeconds(30));
        Assert.Equal(["a1", "a2", "o1"], await ReadAsync(topic, "read_committed"));
    }

    private async Task<string[]> ReadAsync(string topic, string isolation) =>
        (await Kcat.RunAsync(["-b", Bootstrap, "-C", "-t", topic, "-o", "beginning", "-e", "-q", "-X", $"isolation.level={isolation}", "-f", "%s\n"], TimeSpan.FromSeconds(60)))
        .StdoutText.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
