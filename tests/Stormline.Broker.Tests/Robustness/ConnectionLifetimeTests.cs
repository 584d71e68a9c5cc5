using System.Buffers.Binary;
using System.Diagnostics;
using Stormline.Broker.Protocol;
using Stormline.Broker.Server;
using Stormline.Broker.Tests.Infrastructure;

namespace Stormline.Broker.Tests.Robustness;

/// <summary>
/// Connections that misbehave in time rather than in content: silent, trickling, holding a request forever, never
/// reading, coming and going by the thousand. None may pin the broker, and shutting it down must stay prompt.
/// </summary>
public sealed class ConnectionLifetimeTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task A_client_that_connects_and_never_sends_is_closed_after_connections_max_idle_ms()
    {
        await using var broker = await KafkaBroker.StartAsync(new BrokerOptions { Port = 0, ConnectionsMaxIdleMs = 300 });
        using var silent = await RawConnection.ConnectAsync(broker.Port);
        var clock = Stopwatch.StartNew();

        Assert.True(await silent.WaitForCloseAsync(Patience));
        Assert.InRange(clock.ElapsedMilliseconds, 250, 3_000);
        await WaitForAsync(() => broker.ConnectionCount == 0, "the idle connection is still tracked");
    }

    [Fact]
    public async Task A_frame_that_trickles_in_stays_open_while_bytes_arrive_and_is_closed_when_they_stop()
    {
        await using var broker = await KafkaBroker.StartAsync(new BrokerOptions { Port = 0, ConnectionsMaxIdleMs = 1_000 });
        using var slow = await RawConnection.ConnectAsync(broker.Port);
        var frame = RequestFrames.ApiVersions(3, 1);
        for (var i = 0; i < 10; i++)
        {
            Assert.True(await slow.SendAsync(frame.AsMemory(i, 1)), "closed while bytes were still arriving");
            await Task.Delay(200);
        }

        var clock = Stopwatch.StartNew();
        Assert.True(await slow.WaitForCloseAsync(Patience), "a stalled partial frame kept its connection open");
        Assert.InRange(clock.ElapsedMilliseconds, 500, 4_000);
    }

    [Fact]
    public async Task A_fetch_held_past_connections_max_idle_ms_is_cancelled_and_its_connection_closed()
    {
        await using var broker = await KafkaBroker.StartAsync(new BrokerOptions { Port = 0, ConnectionsMaxIdleMs = 500 });
        await KafkaClients.CreateTopicAsync(broker.BootstrapServers, "quiet", 1);
        using var connection = await RawConnection.ConnectAsync(broker.Port);
        await connection.SendAsync(HostageFetch("quiet", 3));

        Assert.True(await connection.WaitForCloseAsync(Patience), "a fetch with max_wait_ms = 2^31-1 pinned its connection");
        await WaitForAsync(() => broker.ConnectionCount == 0, "the fetch's connection is still tracked");
    }

    [Fact]
    public async Task Thousands_of_connections_that_come_and_go_leave_nothing_behind()
    {
        await using var broker = await KafkaBroker.StartAsync(new BrokerOptions { Port = 0 });
        var garbage = new byte[] { 0, 0, 0, 14, 0, 3, 0, 4, 0, 0, 0, 1, 0xFF, 0xFF, 0x7F, 0xFF, 0xFF, 0xFF };
        await Parallel.ForAsync(0, 2_000, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
        {
            using var connection = await RawConnection.ConnectAsync(broker.Port);
            switch (i % 4)
            {
                case 0:
                    await connection.SendAsync(garbage);
                    Assert.True(await connection.WaitForCloseAsync(Patience));
                    break;
                case 1:
                    await FramingTests.AssertAnsweredAsync(connection, i);
                    break;
                case 2:
                    await connection.SendAsync(RequestFrames.ApiVersions(3, i).AsMemory(0, 9));
                    break;
            }
        });

        await WaitForAsync(() => broker.ConnectionCount == 0, "connections of departed clients are still tracked");
        using var survivor = await RawConnection.ConnectAsync(broker.Port);
        await FramingTests.AssertAnsweredAsync(survivor, 1);
    }

    [Fact]
    public async Task Dispose_finishes_promptly_while_hostile_connections_are_open()
    {
        var broker = await KafkaBroker.StartAsync(new BrokerOptions { Port = 0 });
        await KafkaClients.CreateTopicAsync(broker.BootstrapServers, "held", 1);
        var connections = new List<RawConnection>();
        try
        {
            // Silent.
            connections.Add(await RawConnection.ConnectAsync(broker.Port));

            // A frame announcing 100 MB that never completes.
            var slowloris = await RawConnection.ConnectAsync(broker.Port);
            var announce = new byte[64];
            BinaryPrimitives.WriteInt32BigEndian(announce, 100 * 1024 * 1024);
            await slowloris.SendAsync(announce);
            connections.Add(slowloris);

            // A fetch that waits as long as Kafka allows.
            var hostage = await RawConnection.ConnectAsync(broker.Port);
            await hostage.SendAsync(HostageFetch("held", 1));
            connections.Add(hostage);

            // Requests whose responses are never read, until the socket buffers are full and the broker's write blocks.
            var deaf = await RawConnection.ConnectAsync(broker.Port);
            deaf.Socket.ReceiveBufferSize = 4096;
            var metadata = RequestFrames.Build((short)ApiKey.Metadata, 1, 1, flexible: false, w => w.WriteArrayLength(-1));
            _ = Task.Run(async () =>
            {
                for (var i = 0; i < 200_000 && await deaf.SendAsync(metadata); i++)
                {
                }
            });
            connections.Add(deaf);

            // Half-closed.
            var half = await RawConnection.ConnectAsync(broker.Port);
            half.ShutdownSend();
            connections.Add(half);
            await Task.Delay(500);
        }
        finally
        {
            var clock = Stopwatch.StartNew();
            await broker.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"DisposeAsync took {clock.Elapsed.TotalSeconds:F1} s");
            foreach (var connection in connections)
            {
                connection.Dispose();
            }
        }
    }

    /// <summary>Fetch v4 with max_wait_ms and min_bytes of 2^31-1 at the log end: Kafka would hold it for 24 days.</summary>
    internal static byte[] HostageFetch(string topic, int correlationId) =>
        RequestFrames.Build((short)ApiKey.Fetch, 4, correlationId, flexible: false, w =>
        {
            w.WriteInt32(-1);
            w.WriteInt32(int.MaxValue);
            w.WriteInt32(int.MaxValue);
            w.WriteInt32(int.MaxValue);
            w.WriteInt8(0);
            w.WriteArrayLength(1);
            w.WriteString(topic);
            w.WriteArrayLength(1);
            w.WriteInt32(0);
            w.WriteInt64(0);
            w.WriteInt32(1024 * 1024);
        });

    private static async Task WaitForAsync(Func<bool> condition, string message)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, message);
            await Task.Delay(20);
        }
    }
}
