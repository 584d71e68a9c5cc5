using System.Text;
using Stormline.Broker.Protocol;

namespace Stormline.Broker.Tests.Protocol;

/// <summary>The one CRC-32C against the standard check value and a bytewise reference at every tail length.</summary>
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
            var bytewise = 0xFFFFFFFFu;
            foreach (var b in slice)
            {
                bytewise = System.Numerics.BitOperations.Crc32C(bytewise, b);
            }

            Assert.Equal(~bytewise, Crc32C.Compute(slice));
        }
    }
}
