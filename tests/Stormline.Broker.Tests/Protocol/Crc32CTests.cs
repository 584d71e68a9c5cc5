using System.Text;
using Stormline.Broker.Protocol;

namespace Stormline.Broker.Tests.Protocol;

/// <summary>The one CRC-32C against the standard check value and a bytewise reference at every tail length and lane boundary.</summary>
public sealed class Crc32CTests
{
    [Fact]
    public void Matches_the_castagnoli_check_value()
    {
        // RFC 3720, B.4: CRC-32C over "123456789".
        Assert.Equal(0xE3069283u, Crc32C.Compute(Encoding.ASCII.GetBytes("123456789")));
        Assert.Equal(0u, Crc32C.Compute([]));
    }

    [Fact]
    public void Word_steps_agree_with_byte_steps_for_every_tail_length()
    {
        var data = new byte[67];
        new Random(13).NextBytes(data);
        for (var length = 0; length <= data.Length; length++)
        {
            var slice = data.AsSpan(0, length);
            Assert.Equal(Bytewise(slice), Crc32C.Compute(slice));
        }
    }

    [Theory]
    [InlineData(3 * 1024 - 1)]
    [InlineData(3 * 1024)]
    [InlineData(3 * 1024 + 1)]
    [InlineData(6 * 1024 + 7)]
    [InlineData(9 * 1024 + 13)]
    [InlineData(65_536 + 5)]
    [InlineData(1_000_003)]
    public void Three_lane_steps_agree_with_byte_steps_across_lane_boundaries(int length)
    {
        var data = new byte[length];
        new Random(length).NextBytes(data);
        Assert.Equal(Bytewise(data), Crc32C.Compute(data));

        // An unaligned start, as a batch inside a request frame has.
        Assert.Equal(Bytewise(data.AsSpan(3)), Crc32C.Compute(data.AsSpan(3)));
    }

    private static uint Bytewise(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc = System.Numerics.BitOperations.Crc32C(crc, b);
        }

        return ~crc;
    }
}
