using System.Diagnostics;
using Confluent.Kafka;
using Stormline.Broker.Protocol;
using Stormline.Broker.Server;
using Stormline.Broker.Tests.Infrastructure;
using Stormline.Broker.Tests.Robustness;

namespace Stormline.Broker.Tests.Limits;

/// <summary>
/// queued.max.request.bytes over real sockets: at the cap the broker stops reading requests until answers free
/// memory (no error, no closed connection), and its accounted memory returns to zero.
/// </summary>
public sealed class RequestMemoryTests
{
    private const int Cap = 64 * 1024;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task At_the_cap_a_second_connection_is_not_read_until_the_first_request_is_answered()
    {
        await using var broker = await KafkaBroker.StartAsync(new BrokerOptions { Port = 0, SocketRequestMaxBytes = 4096, QueuedMaxRequestBytes = 4096 });
        var hold = TimeSpan.FromMilliseconds(800);
        broker.Faults.AddLatency(ApiKey.ApiVersions, hold);
        using var big = await RawConnection.ConnectAsync(broker.Port);
        using var small = await RawConnection.ConnectAsync(broker.Port);

        // ApiVersions v0 ignores its body: padded to 4096 bytes, it takes the whole cap while it is held.
        await big.SendAsync(RequestFrames.Build((short)ApiKey.ApiVersions, 0, 1, flexible: false, w => w.WriteRaw(new byte[4096 - 10 - "stormline-tests".Length])));
        await Eventually.Until(() => broker.RequestMemory.Used == 4096, Patience, () => $"the held request is not accounted ({broker.RequestMemory.Used} B)");
        var clock = Stopwatch.StartNew();
        await small.SendAsync(RequestFrames.ApiVersions(3, 2));

        var first = await big.ReceiveAsync(Patience);
        var firstAt = clock.Elapsed;
        var second = await small.ReceiveAsync(Patience);
        var secondAt = clock.Elapsed;

        Assert.Equal(1, RequestFrames.CorrelationId(Assert.IsType<byte[]>(first)));
        Assert.Equal(2, RequestFrames.CorrelationId(Assert.IsType<byte[]>(second)));
        // Read only after the first was answered, then held itself: two holds, not one in parallel.
        Assert.True(secondAt - firstAt >= hold * 0.8, $"the second request was answered {(secondAt - firstAt).TotalMilliseconds:0} ms after the first: it was read while the cap was used up");
        Assert.True(broker.RequestMemory.Waits >= 1);
        await Eventually.Until(() => broker.RequestMemory.Used == 0, Patience, () => $"{broker.RequestMemory.Used} B still accounted");
        Assert.Equal(2, broker.ConnectionCount);
    }

    [Fact]
    public async Task Many_concurrent_producers_under_a_small_cap_all_succeed_and_the_accounted_memory_returns_to_zero()
    {
        await using var broker = await KafkaBroker.StartAsync(new BrokerOptions { Port = 0, SocketRequestMaxBytes = Cap, QueuedMaxRequestBytes = Cap });
        await KafkaClients.CreateTopicAsync(broker.BootstrapServers, "squeezed", 4);
        // Held produces pile up, so the cap is reached and connections must wait their turn to be read.
        broker.Faults.AddLatency(ApiKey.Produce, TimeSpan.FromMilliseconds(30));
        const int producers = 12;
        const int perProducer = 60;
        var payload = new string('x', 1_000);

        await Parallel.ForAsync(0, producers, new ParallelOptions { MaxDegreeOfParallelism = producers }, async (p, _) =>
        {
            // Requests stay below socket.request.max.bytes (64 KiB) so none is refused for its size.
            using var producer = KafkaClients.Producer(broker.BootstrapServers, c => { c.MessageMaxBytes = 16_384; c.LingerMs = 5; });
            var sends = Enumerable.Range(0, perProducer).Select(i => producer.ProduceAsync("squeezed", new Message<string, string> { Key = $"{p}-{i}", Value = payload })).ToList();
            foreach (var result in await Task.WhenAll(sends))
            {
                Assert.Equal(PersistenceStatus.Persisted, result.Status);
            }
        });

        var total = broker.Context.Topics.TryGet("squeezed", out var topic) ? topic.Partitions.Sum(p => p.LogEndOffset) : -1;
        Assert.Equal(producers * perProducer, total);
        Assert.True(broker.RequestMemory.Waits > 0, "the cap was never reached: the test did not exercise back-pressure");
        Assert.True(broker.RequestMemory.Peak <= 2L * Cap, $"accounted memory peaked at {broker.RequestMemory.Peak} B, above cap + socket.request.max.bytes");
        await Eventually.Until(() => broker.RequestMemory.Used == 0, Patience, () => $"{broker.RequestMemory.Used} B still accounted after every producer was answered");
    }

    [Fact]
    public void A_cap_below_socket_request_max_bytes_is_refused_at_start()
    {
        var problem = Assert.Throws<ArgumentException>(() => new BrokerOptions { Port = 0, QueuedMaxRequestBytes = 1024 }.Validate());
        Assert.Contains("socket.request.max.bytes", problem.Message, StringComparison.Ordinal);
        new BrokerOptions { Port = 0, QueuedMaxRequestBytes = -1 }.Validate();
    }
}
