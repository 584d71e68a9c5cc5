using Stormline.Broker.Protocol;
using Stormline.Broker.Server;
using Stormline.Broker.Tests.Infrastructure;
using Stormline.Broker.Tests.Robustness;

namespace Stormline.Broker.Tests.Protocol;

/// <summary>
/// Produce v0-2 are advertised because librdkafka before 2.11.1 only compresses (gzip, snappy, lz4) for a broker whose
/// Produce range includes v0. Each version must then be served with its own request and response layout.
/// </summary>
public sealed class ProduceVersionTests(BrokerFixture fixture) : IClassFixture<BrokerFixture>
{
    [Theory]
    [InlineData((short)0)]
    [InlineData((short)1)]
    [InlineData((short)2)]
    [InlineData((short)3)]
    [InlineData((short)8)]
    public async Task Every_produce_version_appends_a_v2_batch_and_answers_in_its_own_layout(short version)
    {
        var topic = $"produce-v{version}";
        await KafkaClients.CreateTopicAsync(fixture.BootstrapServers, topic, 1);
        using var connection = await RawConnection.ConnectAsync(fixture.Broker.Port);
        await connection.SendAsync(Produce(version, topic, TestRecordBatch.Create([("k", "v"), ("k2", "v2")])));
        var response = await connection.ReceiveAsync(TimeSpan.FromSeconds(5));

        Assert.NotNull(response);
        var r = new KafkaReader(response.AsMemory(4));
        Assert.Equal(1, r.ReadArrayLength());
        Assert.Equal(topic, r.ReadString());
        Assert.Equal(1, r.ReadArrayLength());
        Assert.Equal(0, r.ReadInt32());
        Assert.Equal(ErrorCode.None, (ErrorCode)r.ReadInt16());
        Assert.Equal(0, r.ReadInt64());
        if (version >= 2)
        {
            Assert.Equal(-1, r.ReadInt64());
        }

        if (version >= 5)
        {
            Assert.Equal(0, r.ReadInt64());
        }

        if (version >= 8)
        {
            Assert.Equal(0, r.ReadArrayLength());
            Assert.Null(r.ReadNullableString());
        }

        if (version >= 1)
        {
            Assert.Equal(0, r.ReadInt32());
        }

        Assert.Equal(0, r.Remaining);
        Assert.True(fixture.Broker.Context.Topics.TryGet(topic, out var stored));
        Assert.Equal(2, stored.Partitions[0].LogEndOffset);
    }

    [Fact]
    public async Task A_magic_1_message_set_is_refused_with_unsupported_for_message_format()
    {
        const string topic = "produce-magic1";
        await KafkaClients.CreateTopicAsync(fixture.BootstrapServers, topic, 1);
        // offset, message_size, crc, magic 1, attributes, timestamp, key -1, value "v": a v1 message set of one message.
        var messageSet = Convert.FromHexString("0000000000000000" + "00000017" + "00000000" + "01" + "00" + "0000000000000000" + "FFFFFFFF" + "0000000176");
        using var connection = await RawConnection.ConnectAsync(fixture.Broker.Port);
        await connection.SendAsync(Produce(2, topic, messageSet));
        var response = await connection.ReceiveAsync(TimeSpan.FromSeconds(5));

        Assert.NotNull(response);
        var r = new KafkaReader(response.AsMemory(4));
        r.ReadArrayLength();
        r.ReadString();
        r.ReadArrayLength();
        r.ReadInt32();
        Assert.Equal(ErrorCode.UnsupportedForMessageFormat, (ErrorCode)r.ReadInt16());
    }

    private static byte[] Produce(short version, string topic, byte[] records) =>
        RequestFrames.Build((short)ApiKey.Produce, version, 1, flexible: false, w =>
        {
            if (version >= 3)
            {
                w.WriteString(null);
            }

            w.WriteInt16(-1);
            w.WriteInt32(5_000);
            w.WriteArrayLength(1);
            w.WriteString(topic);
            w.WriteArrayLength(1);
            w.WriteInt32(0);
            w.WriteBytes(records);
        });
}
