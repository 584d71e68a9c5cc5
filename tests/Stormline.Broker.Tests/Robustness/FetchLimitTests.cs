using Stormline.Broker.Protocol;
using Stormline.Broker.Server;
using Stormline.Broker.Tests.Infrastructure;
using Stormline.Broker.Tests.Protocol;

namespace Stormline.Broker.Tests.Robustness;

/// <summary>A Fetch asking for everything gets at most fetch.max.bytes, as from Kafka (KIP-541), not the whole log.</summary>
public sealed class FetchLimitTests
{
    [Fact]
    public async Task A_fetch_asking_for_two_gigabytes_gets_at_most_fetch_max_bytes()
    {
        const int limit = 64 * 1024;
        await using var broker = await KafkaBroker.StartAsync(new BrokerOptions { Port = 0, FetchMaxBytes = limit });
        await KafkaClients.CreateTopicAsync(broker.BootstrapServers, "big", 1);
        var log = broker.Context.Topics.All.Single(t => t.Name == "big").Partitions[0];
        var value = new string('x', 10_000);
        for (var i = 0; i < 50; i++)
        {
            Assert.Equal(ErrorCode.None, log.Append(TestRecordBatch.Create([("k", value)])).Error);
        }

        using var connection = await RawConnection.ConnectAsync(broker.Port);
        await connection.SendAsync(RequestFrames.Build((short)ApiKey.Fetch, 4, 1, flexible: false, w =>
        {
            w.WriteInt32(-1);
            w.WriteInt32(100);
            w.WriteInt32(int.MaxValue);
            w.WriteInt32(int.MaxValue);
            w.WriteInt8(0);
            w.WriteArrayLength(1);
            w.WriteString("big");
            w.WriteArrayLength(1);
            w.WriteInt32(0);
            w.WriteInt64(0);
            w.WriteInt32(int.MaxValue);
        }));
        var response = await connection.ReceiveAsync(TimeSpan.FromSeconds(5));

        Assert.NotNull(response);
        var r = new KafkaReader(response.AsMemory(4));
        r.ReadInt32();
        r.ReadArrayLength();
        r.ReadString();
        r.ReadArrayLength();
        r.ReadInt32();
        Assert.Equal(ErrorCode.None, (ErrorCode)r.ReadInt16());
        Assert.Equal(50, r.ReadInt64());
        r.ReadInt64();
        r.ReadArrayLength();
        var records = r.ReadBytes();
        Assert.InRange(records.Length, 1, limit);
    }
}
