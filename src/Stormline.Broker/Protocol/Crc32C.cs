using System.Buffers.Binary;
using System.Numerics;

namespace Stormline.Broker.Protocol;

/// <summary>
/// CRC-32C (Castagnoli), the checksum of record batches and of the broker's own state files. System.IO.Hashing has
/// no Castagnoli variant; the BCL intrinsic uses the SSE4.2/ARM crc32c instructions, eight bytes per step.
/// </summary>
public static class Crc32C
{
    public static uint Compute(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        var i = 0;
        for (; i + 8 <= data.Length; i += 8)
        {
            crc = BitOperations.Crc32C(crc, BinaryPrimitives.ReadUInt64LittleEndian(data[i..]));
        }

        for (; i < data.Length; i++)
        {
            crc = BitOperations.Crc32C(crc, data[i]);
        }

        return ~crc;
    }
}
