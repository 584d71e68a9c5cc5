using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;

namespace Stormline.Ops.Collecting;

/// <summary>
/// Reads partition sizes in bytes with Kafka's DescribeLogDirs (API 35, v1), one plain request per broker.
/// librdkafka, and so Confluent.Kafka's AdminClient, has no DescribeLogDirs, hence this small raw request. Only
/// PLAINTEXT listeners are asked (a TLS or SASL listener is left alone); a broker that does not serve the API or
/// cannot be reached gives no sizes, and a partition without a size is simply not exported.
/// </summary>
public static class LogDirSizes
{
    private const short DescribeLogDirs = 35;
    private const short Version = 1;

    /// <summary>
    /// Sizes from every broker at once, by broker id (null for a broker that gave none); none at all when
    /// <paramref name="clientConfig"/> sets a <c>security.protocol</c> other than PLAINTEXT, which this request does not speak.
    /// </summary>
    public static async Task<Dictionary<int, Dictionary<(string Topic, int Partition), long>?>> ReadAllAsync(
        IEnumerable<(int Id, string Host, int Port)> brokers, IEnumerable<KeyValuePair<string, string>> clientConfig, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (clientConfig.Any(c => c.Key == "security.protocol" && !string.Equals(c.Value, "plaintext", StringComparison.OrdinalIgnoreCase)))
        {
            return [];
        }

        var read = await Task.WhenAll(brokers.Select(async b => (b.Id, Sizes: await ReadAsync(b.Host, b.Port, timeout, cancellationToken))));
        return read.ToDictionary(r => r.Id, r => r.Sizes);
    }

    /// <summary>The size of a partition on its leader, -1 when unknown.</summary>
    public static long OnLeader(this Dictionary<int, Dictionary<(string Topic, int Partition), long>?> sizes, int leader, string topic, int partition) =>
        sizes.GetValueOrDefault(leader)?.GetValueOrDefault((topic, partition), -1) ?? -1;

    /// <summary>Bytes per (topic, partition) across every log directory of the broker at <paramref name="host"/>:<paramref name="port"/>.</summary>
    public static async Task<Dictionary<(string Topic, int Partition), long>?> ReadAsync(string host, int port, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            using var client = new TcpClient { NoDelay = true };
            await client.ConnectAsync(host, port, deadline.Token);
            var stream = client.GetStream();
            await stream.WriteAsync(Request(), deadline.Token);
            var size = new byte[4];
            await stream.ReadExactlyAsync(size, deadline.Token);
            var length = BinaryPrimitives.ReadInt32BigEndian(size);
            if (length is < 8 or > 64 * 1024 * 1024)
            {
                return null;
            }

            var frame = new byte[length];
            await stream.ReadExactlyAsync(frame, deadline.Token);
            return Parse(frame);
        }
        catch (Exception ex) when (ex is SocketException or IOException or OperationCanceledException or ArgumentOutOfRangeException && !cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>Header v1 (key, version, correlation id 1, client id) and a null topic list: every partition.</summary>
    private static byte[] Request()
    {
        var clientId = "stormline-ops"u8;
        var frame = new byte[4 + 2 + 2 + 4 + 2 + clientId.Length + 4];
        var span = frame.AsSpan();
        BinaryPrimitives.WriteInt32BigEndian(span, frame.Length - 4);
        BinaryPrimitives.WriteInt16BigEndian(span[4..], DescribeLogDirs);
        BinaryPrimitives.WriteInt16BigEndian(span[6..], Version);
        BinaryPrimitives.WriteInt32BigEndian(span[8..], 1);
        BinaryPrimitives.WriteInt16BigEndian(span[12..], (short)clientId.Length);
        clientId.CopyTo(span[14..]);
        BinaryPrimitives.WriteInt32BigEndian(span[(14 + clientId.Length)..], -1);
        return frame;
    }

    /// <summary>Response v1: correlation id, throttle, then per log directory its error, path and topics' partitions.</summary>
    private static Dictionary<(string Topic, int Partition), long> Parse(ReadOnlySpan<byte> frame)
    {
        var sizes = new Dictionary<(string, int), long>();
        var position = 8;
        var directories = Int32(frame, ref position);
        for (var d = 0; d < directories; d++)
        {
            var error = Int16(frame, ref position);
            Text(frame, ref position);
            var topics = Int32(frame, ref position);
            for (var t = 0; t < topics; t++)
            {
                var topic = Text(frame, ref position);
                var partitions = Int32(frame, ref position);
                for (var p = 0; p < partitions; p++)
                {
                    var index = Int32(frame, ref position);
                    var bytes = Int64(frame, ref position);
                    position += 8 + 1; // offset lag, is_future
                    if (error == 0)
                    {
                        sizes[(topic, index)] = sizes.GetValueOrDefault((topic, index)) + bytes;
                    }
                }
            }
        }

        return sizes;
    }

    private static short Int16(ReadOnlySpan<byte> frame, ref int position)
    {
        var value = BinaryPrimitives.ReadInt16BigEndian(frame[position..]);
        position += 2;
        return value;
    }

    private static int Int32(ReadOnlySpan<byte> frame, ref int position)
    {
        var value = BinaryPrimitives.ReadInt32BigEndian(frame[position..]);
        position += 4;
        return value;
    }

    private static long Int64(ReadOnlySpan<byte> frame, ref int position)
    {
        var value = BinaryPrimitives.ReadInt64BigEndian(frame[position..]);
        position += 8;
        return value;
    }

    private static string Text(ReadOnlySpan<byte> frame, ref int position)
    {
        var length = Int16(frame, ref position);
        var text = Encoding.UTF8.GetString(frame.Slice(position, length));
        position += length;
        return text;
    }
}
