using System.Buffers.Binary;
using Stormline.Broker.Protocol;
using Stormline.Broker.Server;

namespace Stormline.Broker.Tests.Robustness;

/// <summary>
/// A few bytes must not make the broker allocate a lot: a size prefix announcing 100 MB, or an array count of two
/// billion. Measured with the process-wide allocation counter, so these run alone (<see cref="SerialCollection"/>).
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class MemoryExhaustionTests
{
    private const long Tolerance = 32L * 1024 * 1024;

    [Fact]
    public async Task Size_prefixes_announcing_100_MB_cost_nothing_until_the_bytes_arrive()
    {
        await using var broker = await KafkaBroker.StartAsync(new BrokerOptions { Port = 0 });
        var connections = new List<RawConnection>();
        var before = GC.GetTotalAllocatedBytes(precise: true);
        for (var i = 0; i < 50; i++)
        {
            var connection = await RawConnection.ConnectAsync(broker.Port);
            var announce = new byte[4 + 100];
            BinaryPrimitives.WriteInt32BigEndian(announce, 100 * 1024 * 1024);
            await connection.SendAsync(announce);
            connections.Add(connection);
        }

        await Task.Delay(500);
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        Assert.True(allocated < Tolerance, $"50 announced 100 MB frames allocated {allocated / 1024 / 1024} MB before their bytes arrived");

        // They are merely waiting: the broker serves others meanwhile.
        using var bystander = await RawConnection.ConnectAsync(broker.Port);
        await FramingTests.AssertAnsweredAsync(bystander, 1);
        foreach (var connection in connections)
        {
            connection.Dispose();
        }
    }

    [Theory]
    [InlineData((short)ApiKey.Metadata, (short)1, false)]
    [InlineData((short)ApiKey.Produce, (short)3, false)]
    [InlineData((short)ApiKey.Fetch, (short)4, false)]
    [InlineData((short)ApiKey.ListOffsets, (short)1, false)]
    [InlineData((short)ApiKey.CreateTopics, (short)0, false)]
    [InlineData((short)ApiKey.ApiVersions, (short)3, true)]
    public async Task A_hostile_array_count_of_two_billion_is_refused_without_preallocating(short key, short version, bool flexible)
    {
        await using var broker = await KafkaBroker.StartAsync(new BrokerOptions { Port = 0 });
        using var connection = await RawConnection.ConnectAsync(broker.Port);
        // Each API's first array or string, with a count of 2,000,000,000 and a single element's worth of bytes behind it.
        var frame = RequestFrames.Build(key, version, 1, flexible, w =>
        {
            switch ((ApiKey)key)
            {
                case ApiKey.Produce:
                    w.WriteString(null);
                    w.WriteInt16(-1);
                    w.WriteInt32(1000);
                    break;
                case ApiKey.Fetch:
                    w.WriteInt32(-1);
                    w.WriteInt32(0);
                    w.WriteInt32(1);
                    w.WriteInt32(1000);
                    w.WriteInt8(0);
                    break;
                case ApiKey.ListOffsets:
                    w.WriteInt32(-1);
                    break;
            }

            if (flexible)
            {
                w.WriteUnsignedVarInt(2_000_000_001);
            }
            else
            {
                w.WriteInt32(2_000_000_000);
            }

            w.WriteRaw(new byte[16]);
        });
        var before = GC.GetTotalAllocatedBytes(precise: true);
        await connection.SendAsync(frame);

        Assert.True(await connection.WaitForCloseAsync(TimeSpan.FromSeconds(5)), "the request was not refused");
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        Assert.True(allocated < Tolerance, $"a count of two billion allocated {allocated / 1024 / 1024} MB");
        Assert.Equal(0, broker.Dispatcher.UnexpectedErrors);
    }
}
