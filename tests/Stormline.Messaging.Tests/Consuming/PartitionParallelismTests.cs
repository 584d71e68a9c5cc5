using System.Collections.Concurrent;
using System.Text;
using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Microsoft.Data.Sqlite;
using Stormline.EventSourcing.Serialization;
using Stormline.EventSourcing.Sqlite;
using Stormline.EventSourcing.Streams;
using Stormline.Messaging.Consuming;
using Stormline.Messaging.Headers;
using Stormline.Messaging.Outbox;
using Stormline.Messaging.Tests.Infrastructure;

namespace Stormline.Messaging.Tests.Consuming;

public sealed class PartitionParallelismTests(BrokerFixture broker) : IClassFixture<BrokerFixture>, IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("stormline-partitions-");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PartitionsAreHandledInParallelAndInOrderWithinEach()
    {
        var topic = "order-events-" + Guid.NewGuid().ToString("N")[..8];
        using (var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = broker.BootstrapServers }).Build())
            await admin.CreateTopicsAsync([new TopicSpecification { Name = topic, NumPartitions = 2, ReplicationFactor = 1 }]);
        var store = await SqliteEventStore.Open(Path.Combine(_folder.FullName, "payments.db"), cancellationToken: Ct);
        var serializer = new EventSerializer(new EventTypeRegistry().Register<PaymentRequested>("PaymentRequested"));

        // Partition 0's first message fails twice and waits out its backoff (2 s, then 4 s) before it succeeds. The
        // wait is outside any transaction, so even the single-writer SQLite store lets partition 1 proceed meanwhile;
        // handled one partition at a time, partition 1 would wait the 6 s.
        var slowAttempts = 0;
        var handled = new ConcurrentQueue<string>();
        Task Handle(ConsumedEvent consumed, System.Data.Common.DbTransaction tx, CancellationToken ct)
        {
            var orderId = ((PaymentRequested)consumed.Event).OrderId;
            if (orderId == "slow-1" && Interlocked.Increment(ref slowAttempts) <= 2) throw new TimeoutException("gateway slow");
            handled.Enqueue(orderId);
            return Task.CompletedTask;
        }

        using var producer = OutboxRelay.CreateProducer(broker.BootstrapServers);
        async Task Produce(int partition, string orderId)
        {
            var data = $$"""{"orderId":"{{orderId}}","amount":1}""";
            var stored = new StreamEvent(Guid.NewGuid(), StreamName.For("Order", orderId), 0, 1, "PaymentRequested", data, EventMetadata.Now(), DateTimeOffset.UtcNow);
            await producer.ProduceAsync(new TopicPartition(topic, partition),
                new Message<string, byte[]> { Key = orderId, Value = Encoding.UTF8.GetBytes(data), Headers = MessageHeaders.For(stored, "/test") }, Ct);
        }

        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var consumer = new EventConsumer(store, serializer, EventConsumer.ConsumerConfig(broker.BootstrapServers, "payments-" + topic), producer,
            new EventConsumerOptions { Topic = topic, GroupId = "payments", MaxRetries = 2, InitialBackoff = TimeSpan.FromSeconds(2) }, Handle);
        var running = Task.Run(() => consumer.Run(cts.Token), Ct);

        await Produce(0, "slow-1");
        await Produce(0, "slow-2");
        await Eventually.True(() => Task.FromResult(Volatile.Read(ref slowAttempts) >= 1), "the slow message's first attempt");
        // Only now does partition 1 get messages: they can overtake slow-1 only if partitions run in parallel.
        foreach (var orderId in new[] { "fast-1", "fast-2", "fast-3" })
            await Produce(1, orderId);

        await Eventually.True(() => Task.FromResult(handled.Count == 5), "all five messages handled");
        await cts.CancelAsync();
        await running;

        var order = handled.ToList();
        Assert.Equal(["fast-1", "fast-2", "fast-3"], order.Where(o => o.StartsWith("fast", StringComparison.Ordinal)));
        Assert.Equal(["slow-1", "slow-2"], order.Where(o => o.StartsWith("slow", StringComparison.Ordinal)));
        Assert.True(order.IndexOf("fast-3") < order.IndexOf("slow-1"));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _folder.Delete(recursive: true);
    }
}
