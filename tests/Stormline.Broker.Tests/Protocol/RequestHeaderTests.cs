using Stormline.Broker.Protocol;
using Stormline.Broker.Protocol.Messages;
using Stormline.Broker.Server;

namespace Stormline.Broker.Tests.Protocol;

/// <summary>
/// Request header v1 (key, version, correlation id, int16-length client id) and v2 (v1 plus a tag section), as in
/// Kafka's RequestHeader.json: the client id keeps its classic encoding even in v2. The types are generated from that
/// definition; these pin its field-level "flexibleVersions": "none".
/// </summary>
public sealed class RequestHeaderTests
{
    [Fact]
    public void Header_v1_is_read_and_leaves_the_reader_at_the_body()
    {
        var reader = new KafkaReader(Convert.FromHexString("0003" + "0008" + "0000002A" + "0006" + "636C69656E74" + "CAFE"));
        var header = RequestHeader.Read(reader, 1);
        Assert.Equal((ApiKey.Metadata, (short)8, 42, "client"), (header.ApiKey, header.ApiVersion, header.CorrelationId, header.ClientId));
        Assert.Equal(0xCAFE, (ushort)reader.ReadInt16());
    }

    [Fact]
    public void A_null_client_id_is_read_as_null()
    {
        var header = RequestHeader.Read(new KafkaReader(Convert.FromHexString("00120000FFFFFFFFFFFF")), 1);
        Assert.Equal((ApiKey.ApiVersions, (short)0, -1, (string?)null), (header.ApiKey, header.ApiVersion, header.CorrelationId, header.ClientId));
    }

    [Fact]
    public void Header_v2_keeps_an_int16_client_id_and_ends_with_tagged_fields()
    {
        // "0006" would be a compact length of 5 if the client id were (wrongly) read as a compact string.
        var reader = new KafkaReader(Convert.FromHexString("0012" + "0003" + "00000007" + "0006" + "636C69656E74" + "01" + "05" + "02" + "ABCD" + "0B"));
        var header = RequestHeader.Read(reader, 2);
        Assert.Equal((ApiKey.ApiVersions, (short)3, 7, "client"), (header.ApiKey, header.ApiVersion, header.CorrelationId, header.ClientId));
        Assert.Equal(0x0B, reader.ReadInt8());
    }

    [Theory]
    [InlineData((short)1, "0003" + "0008" + "0000002A" + "0006" + "636C69656E74")]
    [InlineData((short)2, "0003" + "000C" + "0000002A" + "0006" + "636C69656E74" + "00")]
    public void Writing_a_header_gives_the_bytes_a_client_sends(short version, string hex)
    {
        using var writer = new KafkaWriter();
        new RequestHeader { RequestApiKey = (short)ApiKey.Metadata, RequestApiVersion = (short)(version == 2 ? 12 : 8), CorrelationId = 42, ClientId = "client" }.Write(writer, version);
        Assert.Equal(hex, Convert.ToHexString(writer.WrittenMemory.Span));
    }

    [Theory]
    [InlineData((short)0, "0000002A")]
    [InlineData((short)1, "0000002A00")]
    public void A_response_header_is_the_correlation_id_then_tags_from_v1(short version, string hex)
    {
        using var writer = new KafkaWriter();
        new ResponseHeader { CorrelationId = 42 }.Write(writer, version);
        Assert.Equal(hex, Convert.ToHexString(writer.WrittenMemory.Span));
    }

    [Theory]
    [InlineData("")]
    [InlineData("0003")]
    [InlineData("000300080000002A")]
    [InlineData("000300080000002A00")]
    [InlineData("000300080000002A0007636C69656E74")]
    [InlineData("000300080000002AFFFE")]
    public void A_truncated_or_malformed_header_throws_a_protocol_exception(string hex)
    {
        Assert.Throws<ProtocolException>(() => RequestHeader.Read(new KafkaReader(Convert.FromHexString(hex)), 1));
    }

    [Fact]
    public async Task The_dispatcher_skips_header_tags_of_a_flexible_request_and_answers_with_header_v0_for_ApiVersions()
    {
        await using var broker = await KafkaBroker.StartAsync(new BrokerOptions { Port = 0 });
        var frame = Convert.FromHexString("0012" + "0003" + "00000009" + "0006" + "636C69656E74" + "01" + "07" + "01" + "FF"
            + "0B" + "6C696272646B61666B61" + "06" + "322E302E32" + "00");
        using var response = new KafkaWriter();
        var outcome = await broker.Dispatcher.DispatchAsync(frame, response, "test", CancellationToken.None);

        Assert.Equal(DispatchOutcome.Respond, outcome);
        var reader = new KafkaReader(response.WrittenMemory);
        Assert.Equal(response.Length - 4, reader.ReadInt32());
        Assert.Equal(9, reader.ReadInt32());
        // Header v0: the body's error code follows the correlation id at once, with no tag section in between.
        Assert.Equal(0, reader.ReadInt16());
        reader.Flexible = true;
        Assert.Contains(reader.ReadArray(r =>
        {
            var key = r.ReadInt16();
            r.ReadInt16();
            r.ReadInt16();
            r.SkipTaggedFields();
            return key;
        }), key => key == (short)ApiKey.ApiVersions);
    }
}
