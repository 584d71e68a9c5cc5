using Confluent.Kafka;
using Stormline.Broker.Server;
using Stormline.Broker.Tests.Infrastructure;
using static Stormline.Broker.Tests.Transactions.TransactionAdminWire;
using WireError = Stormline.Broker.Protocol.ErrorCode;

namespace Stormline.Broker.Tests.Transactions;

/// <summary>
/// transactional.id.expiration.ms, set through its Kafka name to 1.5 s with a look every 100 ms: an idle id is
/// forgotten for good (also across a restart with the default expiration) and starts over; one with a transaction
/// open is kept.
/// </summary>
public sealed class TransactionalIdExpirationTests : IAsyncLifetime
{
    private const int ExpirationMs = 1_500;
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "stormline-txn-expiry-" + Guid.NewGuid().ToString("N"));
    private KafkaBroker _broker = null!;

    private string Bootstrap => _broker.BootstrapServers;

    public async ValueTask InitializeAsync() => _broker = await StartBrokerAsync(ExpirationMs);

    public async ValueTask DisposeAsync()
    {
        await _broker.DisposeAsync();
        Directory.Delete(_dataDirectory, recursive: true);
    }

    [Fact]
    public async Task An_idle_transactional_id_is_forgotten_durably_and_a_later_InitProducerId_starts_over()
    {
        const string topic = "txn-expiry";
        await KafkaClients.CreateTopicAsync(Bootstrap, topic, 1);
        long firstProducerId;
        using (var producer = TransactionalClients.Producer(Bootstrap, "expiring"))
        {
            TransactionalClients.CommitEnd(producer, topic);
            firstProducerId = (await DescribeAsync(Bootstrap, "expiring")).ProducerId;
        }

        using (var busy = TransactionalClients.Producer(Bootstrap, "busy"))
        {
            busy.BeginTransaction();
            await busy.ProduceAsync(topic, new Message<string, string> { Key = "k", Value = "open" });

            await WaitUntilAsync(async () => (await DescribeAsync(Bootstrap, "expiring")).Error == WireError.TransactionalIdNotFound);
            Assert.DoesNotContain((await ListAsync(Bootstrap, [], [])).Transactions, t => t.TransactionalId == "expiring");

            // Idle longer than the expiration, but with a transaction open: kept (it times out and aborts first).
            var kept = await DescribeAsync(Bootstrap, "busy");
            Assert.Equal((WireError.None, "Ongoing"), (kept.Error, kept.State));
        }

        // Nothing else changed the state file since the removal, and the broker restarts with the default expiration
        // (7 days), so only a durable removal keeps the id gone.
        await _broker.DisposeAsync();
        _broker = await StartBrokerAsync(expirationMs: null);
        Assert.Equal(WireError.TransactionalIdNotFound, (await DescribeAsync(Bootstrap, "expiring")).Error);
        Assert.Equal("Ongoing", (await DescribeAsync(Bootstrap, "busy")).State);

        // The open transaction is aborted by its producer's successor.
        TransactionalClients.Producer(Bootstrap, "busy").Dispose();

        using var again = TransactionalClients.Producer(Bootstrap, "expiring");
        var fresh = await DescribeAsync(Bootstrap, "expiring");
        Assert.Equal(WireError.None, fresh.Error);
        Assert.NotEqual(firstProducerId, fresh.ProducerId);
        Assert.Equal(0, fresh.ProducerEpoch);
        TransactionalClients.CommitEnd(again, topic, value: "again");
        Assert.Equal(["end"], TransactionalClients.ReadUntil(Bootstrap, topic, IsolationLevel.ReadCommitted, until: "again"));
    }

    private Task<KafkaBroker> StartBrokerAsync(int? expirationMs)
    {
        var options = new BrokerOptions { Port = 0, DataDirectory = _dataDirectory };
        if (expirationMs is { } ms)
        {
            options.Set("transactional.id.expiration.ms", ms.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        options.Set("transaction.remove.expired.transaction.cleanup.interval.ms", "100");
        return KafkaBroker.StartAsync(options);
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the transactional id did not expire within 20 s");
            await Task.Delay(100);
        }
    }
}
