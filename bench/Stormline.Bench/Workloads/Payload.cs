using System.Buffers.Binary;
using System.Diagnostics;

namespace Stormline.Bench.Workloads;

/// <summary>Record values: fixed-size filler, or filler that starts with the send time (a Stopwatch timestamp) for latency runs.</summary>
public static class Payload
{
    public static byte[] Filler(int size)
    {
        var bytes = new byte[size];
        for (var i = 0; i < size; i++)
        {
            bytes[i] = (byte)('a' + (i % 26));
        }

        return bytes;
    }

    /// <summary>A new value of <paramref name="size"/> bytes (at least 8) whose first 8 bytes are the current Stopwatch timestamp.</summary>
    public static byte[] Stamped(int size)
    {
        var bytes = Filler(Math.Max(size, sizeof(long)));
        BinaryPrimitives.WriteInt64LittleEndian(bytes, Stopwatch.GetTimestamp());
        return bytes;
    }

    public static long ReadStamp(ReadOnlySpan<byte> value) => BinaryPrimitives.ReadInt64LittleEndian(value);
}
