using System.Buffers.Binary;
using Stormline.Broker.Protocol;
using Stormline.Broker.Server;
using Stormline.Broker.Tests.Infrastructure;
using Stormline.Broker.Tests.Protocol;

namespace Stormline.Broker.Tests.Robustness;

/// <summary>How the broker cuts a byte stream into request frames: size limits, pieces, pipelining, half-closed sockets.</summary>
public sealed class FramingTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);

    [Theory]
    [InlineData(1025)]
    [InlineData(int.MaxValue)]
    [InlineData(-1)]
    [InlineData(int.MinValue)]
    [InlineData(0)]
    [InlineData(9)]
    public async Task A_size_prefix_outside_10_to_socket_request_max_bytes_closes_only_that_connection(int size)
    {
        await using var broker = await KafkaBroker.StartAsync(new BrokerOptions { Port = 0, SocketRequestMaxBytes = 1024 });
        using var bystander = await RawConnection.ConnectAsync(broker.Port);
        using var hostile = await RawConnection.ConnectAsync(broker.Port);
        var frame = new byte[64];
        BinaryPrimitives.WriteInt32BigEndian(frame, size);
        await hostile.SendAsync(frame);

        Assert.True(await hostile.WaitForCloseAsync(Patience), $"a frame of size {size} did not close the connection");
        await AssertAnsweredAsync(bystander, 7);
    }

    [Fact]
    public async Task A_frame_of_exactly_socket_request_max_bytes_is_served()
    {
        await using var broker = await KafkaBroker.StartAsync(new BrokerOptions { Port = 0, SocketRequestMaxBytes = 4096 });
        using var connection = await RawConnection.ConnectAsync(broker.Port);
        // ApiVersions v0 ignores its body, so padding it to the limit leaves a valid request.
        var frame = RequestFrames.Build((short)ApiKey.ApiVersions, 0, 42, flexible: false, w => w.WriteRaw(new byte[4096 - 10 - "stormline-tests".Length]));
        Assert.Equal(4096 + 4, frame.Length);
        await connection.SendAsync(frame);

        var response = await connection.ReceiveAsync(Patience);
        Assert.NotNull(response);
        Assert.Equal(42, RequestFrames.CorrelationId(response));
    }

    [Fact]
    public async Task A_large_produce_request_arriving_in_small_pieces_is_reassembled_intact()
    {
        await using var broker = await KafkaBroker.StartAsync(new BrokerOptions { Port = 0 });
        await KafkaClients.CreateTopicAsync(broker.BootstrapServers, "pieces", 1);
        var value = string.Concat(Enumerable.Range(0, 90_000).Select(i => (char)('a' + (i * 7 % 26))));
        var batch = TestRecordBatch.Create([.. Enumerable.Range(0, 10).Select(i => ((string?)$"k{i}", (string?)value))]);
        var frame = ProduceFrame("pieces", batch, correlationId: 5);
        Assert.True(frame.Length > 900_000);

        using var connection = await RawConnection.ConnectAsync(broker.Port);
        for (var offset = 0; offset < frame.Length; offset += 7_919)
        {
            // Odd-sized pieces put the size prefix, the header and the batch across many pipe segments.
            await connection.SendAsync(frame.AsMemory(offset, Math.Min(7_919, frame.Length - offset)));
        }

        var response = await connection.ReceiveAsync(Patience);
        Assert.NotNull(response);
        Assert.Equal(5, RequestFrames.CorrelationId(response));
        Assert.Equal(ErrorCode.None, ProducePartitionError(response));
        var stored = broker.Context.Topics.All.Single(t => t.Name == "pieces").Partitions[0].Read(0, int.MaxValue, minOneBatch: true);
        Assert.NotNull(stored);
        Assert.Equal(batch.AsSpan(RecordBatch.AttributesOffset).ToArray(), stored.AsSpan(RecordBatch.AttributesOffset).ToArray());
    }

    [Fact]
    public async Task Pipelined_requests_are_answered_in_order_and_acks_0_produce_is_not_answered()
    {
        await using var broker = await KafkaBroker.StartAsync(new BrokerOptions { Port = 0 });
        await KafkaClients.CreateTopicAsync(broker.BootstrapServers, "pipelined", 1);
        var random = new Random(1);
        var expected = new List<int>();
        var bytes = new List<byte>();
        for (var id = 1; id <= 60; id++)
        {
            if (id % 3 == 0)
            {
                bytes.AddRange(ProduceFrame("pipelined", TestRecordBatch.Create([("k", $"v{id}")]), id, acks: 0));
                continue;
            }

            var template = RequestTemplates.Find((short)(id % 2 == 0 ? ApiKey.Metadata : ApiKey.ListOffsets))!;
            bytes.AddRange(template.Frame((short)(id % 2 == 0 ? 8 : 5), id, random));
            expected.Add(id);
        }

        using var connection = await RawConnection.ConnectAsync(broker.Port);
        await connection.SendAsync(bytes.ToArray());
        var received = new List<int>();
        foreach (var _ in expected)
        {
            var response = await connection.ReceiveAsync(Patience);
            Assert.NotNull(response);
            received.Add(RequestFrames.CorrelationId(response));
        }

        Assert.Equal(expected, received);
        // The last frame is an unanswered produce: nothing tells when it is written, so wait for it (lost, it fails).
        var partition = broker.Context.Topics.All.Single(t => t.Name == "pipelined").Partitions[0];
        var deadline = DateTime.UtcNow + Patience;
        while (partition.LogEndOffset < 20 && DateTime.UtcNow < deadline) await Task.Delay(10, TestContext.Current.CancellationToken);
        Assert.Equal(20, partition.LogEndOffset);
    }

    [Fact]
    public async Task A_half_closed_socket_gets_the_answers_to_every_whole_frame_it_sent_then_eof()
    {
        await using var broker = await KafkaBroker.StartAsync(new BrokerOptions { Port = 0 });
        using var connection = await RawConnection.ConnectAsync(broker.Port);
        var frames = Enumerable.Range(1, 3).SelectMany(id => RequestFrames.ApiVersions(3, id)).ToList();
        // A partial fourth frame: the client gave up on it, so it is dropped.
        frames.AddRange(RequestFrames.ApiVersions(3, 4).AsSpan(0, 12).ToArray());
        await connection.SendAsync(frames.ToArray());
        connection.ShutdownSend();

        for (var id = 1; id <= 3; id++)
        {
            var response = await connection.ReceiveAsync(Patience);
            Assert.NotNull(response);
            Assert.Equal(id, RequestFrames.CorrelationId(response));
        }

        Assert.Null(await connection.ReceiveAsync(Patience));
    }

    internal static async Task AssertAnsweredAsync(RawConnection connection, int correlationId)
    {
        await connection.SendAsync(RequestFrames.ApiVersions(3, correlationId));
        var response = await connection.ReceiveAsync(Patience);
        Assert.NotNull(response);
        Assert.Equal(correlationId, RequestFrames.CorrelationId(response));
    }

    private static byte[] ProduceFrame(string topic, byte[] batch, int correlationId, short acks = -1) =>
        RequestFrames.Build((short)ApiKey.Produce, 3, correlationId, flexible: false, w =>
        {
            w.WriteString(null);
            w.WriteInt16(acks);
            w.WriteInt32(5_000);
            w.WriteArrayLength(1);
            w.WriteString(topic);
            w.WriteArrayLength(1);
            w.WriteInt32(0);
            w.WriteBytes(batch);
        });

    /// <summary>The error code of the only partition of a Produce v3 response.</summary>
    private static ErrorCode ProducePartitionError(byte[] response)
    {
        var reader = new KafkaReader(response.AsMemory(4));
        reader.ReadArrayLength();
        reader.ReadString();
        reader.ReadArrayLength();
        reader.ReadInt32();
        return (ErrorCode)reader.ReadInt16();
    }
}
