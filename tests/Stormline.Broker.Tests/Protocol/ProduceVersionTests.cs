using Stormline.Broker.Protocol;
using Stormline.Broker.Server;
using Stormline.Broker.Tests.Infrastructure;
using Stormline.Broker.Tests.Robustness;

namespace Stormline.Broker.Tests.Protocol;

/// <summary>
/// Produce v0-2 are advertised because librdkafka before 2.11.1 only compresses (gzip, snappy, lz4) for a broker whose
/// Produce range includes v0; v9-11 are the flexible versions Kafka 4.x clients prefer. Each version must be served
/// with its own request and response layout, written here by hand from Kafka's ProduceRequest/ProduceResponse.json.
/// </summary>
public sealed class ProduceVersionTests(BrokerFixture fixture) : IClassFixture<BrokerFixture>
{
    [Theory]
    [InlineData((short)0)]
    [InlineData((short)1)]
    [InlineData((short)2)]
    [InlineData((short)3)]
    [InlineData((short)8)]
    [InlineData((short)9)]
    [InlineData((short)10)]
    [InlineData((short)11)]
    public async Task Every_produce_version_appends_a_v2_batch_and_answers_in_its_own_layout(short version)
    {
        var topic = $"produce-v{version}";
        using var connection = await ConnectToNewTopicAsync(topic);
        await connection.SendAsync(Produce(version, topic, TestRecordBatch.Create([("k", "v"), ("k2", "v2")])));
        var r = Body(version, await connection.ReceiveAsync(TimeSpan.FromSeconds(5)));

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

        // v10's current_leader tag is only for NOT_LEADER_OR_FOLLOWER: the partition's tag section is empty.
        AssertNoTags(version, r);
        AssertNoTags(version, r);
        if (version >= 1)
        {
            Assert.Equal(0, r.ReadInt32());
        }

        AssertNoTags(version, r);
        Assert.Equal(0, r.Remaining);
        Assert.Equal(2, LogEndOffset(topic));
    }

    [Fact]
    public async Task Flexible_produce_skips_unknown_tagged_fields_and_appends_behind_earlier_records()
    {
        const string topic = "produce-flexible-tags";
        using var connection = await ConnectToNewTopicAsync(topic);
        await connection.SendAsync(Produce(8, topic, TestRecordBatch.Create([("a", "1")])));
        Assert.NotNull(await connection.ReceiveAsync(TimeSpan.FromSeconds(5)));

        // A tag this broker does not know (99, three bytes) in each tag section must be skipped, not misread.
        await connection.SendAsync(Produce(11, topic, TestRecordBatch.Create([("b", "2"), ("c", "3")]), correlationId: 2, unknownTag: true));
        var r = AtPartitionError(11, await connection.ReceiveAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal(ErrorCode.None, (ErrorCode)r.ReadInt16());
        Assert.Equal(1, r.ReadInt64());
        Assert.Equal(3, LogEndOffset(topic));
    }

    [Fact]
    public async Task Acks_zero_at_v11_appends_without_an_answer()
    {
        const string topic = "produce-v11-acks0";
        using var connection = await ConnectToNewTopicAsync(topic);
        await connection.SendAsync(Produce(11, topic, TestRecordBatch.Create([("k", "v")]), acks: 0));
        await connection.SendAsync(Produce(11, topic, TestRecordBatch.Create([("k", "v")]), correlationId: 2));

        // The first answer to arrive is the second request's: acks=0 got none.
        var payload = await connection.ReceiveAsync(TimeSpan.FromSeconds(5));
        Assert.NotNull(payload);
        Assert.Equal(2, RequestFrames.CorrelationId(payload));
        Assert.Equal(2, LogEndOffset(topic));
    }

    [Theory]
    [InlineData((short)3, ErrorCode.InvalidTxnState)]
    [InlineData((short)10, ErrorCode.InvalidTxnState)]
    [InlineData((short)11, ErrorCode.TransactionAbortable)]
    public async Task A_transactional_batch_for_a_partition_outside_the_transaction_is_abortable_from_v11(short version, ErrorCode expected)
    {
        var topic = $"produce-txn-v{version}";
        var transactionalId = $"produce-txn-v{version}";
        await KafkaClients.CreateTopicAsync(fixture.BootstrapServers, topic, 1);
        using var client = await RawKafkaClient.ConnectAsync(fixture.BootstrapServers);
        var init = await client.SendAsync(ApiKey.InitProducerId, 1, w =>
        {
            w.WriteString(transactionalId);
            w.WriteInt32(60_000);
        });
        init.ReadInt32();
        Assert.Equal(ErrorCode.None, (ErrorCode)init.ReadInt16());
        var (pid, epoch) = (init.ReadInt64(), init.ReadInt16());

        using var connection = await RawConnection.ConnectAsync(fixture.Broker.Port);
        var batch = TestRecordBatch.MarkTransactional(TestRecordBatch.Create([("k", "v")], pid, epoch, 0));
        await connection.SendAsync(Produce(version, topic, batch, transactionalId: transactionalId));
        var r = AtPartitionError(version, await connection.ReceiveAsync(TimeSpan.FromSeconds(5)));

        Assert.Equal(expected, (ErrorCode)r.ReadInt16());
        Assert.Equal(0, LogEndOffset(topic));
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
        var r = AtPartitionError(2, await connection.ReceiveAsync(TimeSpan.FromSeconds(5)));

        Assert.Equal(ErrorCode.UnsupportedForMessageFormat, (ErrorCode)r.ReadInt16());
    }

    private async Task<RawConnection> ConnectToNewTopicAsync(string topic)
    {
        await KafkaClients.CreateTopicAsync(fixture.BootstrapServers, topic, 1);
        return await RawConnection.ConnectAsync(fixture.Broker.Port);
    }

    private long LogEndOffset(string topic)
    {
        Assert.True(fixture.Broker.Context.Topics.TryGet(topic, out var stored));
        return stored.Partitions[0].LogEndOffset;
    }

    /// <summary>The response body after the correlation id and, from v9 (response header v1), its empty tag section.</summary>
    private static KafkaReader Body(short version, byte[]? response)
    {
        Assert.NotNull(response);
        var r = new KafkaReader(response.AsMemory(4)) { Flexible = version >= 9 };
        AssertNoTags(version, r);
        return r;
    }

    /// <summary>A reader at the error code of a one-topic, one-partition answer.</summary>
    private static KafkaReader AtPartitionError(short version, byte[]? response)
    {
        var r = Body(version, response);
        r.ReadArrayLength();
        r.ReadString();
        r.ReadArrayLength();
        r.ReadInt32();
        return r;
    }

    private static void AssertNoTags(short version, KafkaReader r)
    {
        if (version >= 9)
        {
            Assert.Equal(0u, r.ReadUnsignedVarInt());
        }
    }

    private static byte[] Produce(short version, string topic, byte[] records, int correlationId = 1, short acks = -1, string? transactionalId = null, bool unknownTag = false) =>
        RequestFrames.Build((short)ApiKey.Produce, version, correlationId, flexible: version >= 9, w =>
        {
            if (version >= 3)
            {
                w.WriteString(transactionalId);
            }

            w.WriteInt16(acks);
            w.WriteInt32(5_000);
            w.WriteArrayLength(1);
            w.WriteString(topic);
            w.WriteArrayLength(1);
            w.WriteInt32(0);
            w.WriteBytes(records);
            Tags(version, w, unknownTag);
            Tags(version, w, unknownTag);
            Tags(version, w, unknownTag);
        });

    private static void Tags(short version, KafkaWriter w, bool unknownTag)
    {
        if (version < 9)
        {
            return;
        }

        if (!unknownTag)
        {
            w.WriteUnsignedVarInt(0);
            return;
        }

        w.WriteUnsignedVarInt(1);
        w.WriteUnsignedVarInt(99);
        w.WriteUnsignedVarInt(3);
        w.WriteRaw([1, 2, 3]);
    }
}
