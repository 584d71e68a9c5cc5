using Stormline.Broker.Protocol;
using Stormline.Broker.Server;

namespace Stormline.Broker.Tests.Robustness;

/// <summary>
/// Requests the broker cannot serve, answered as Kafka answers them (checked against apache/kafka SocketServer,
/// RequestHeader.parse, ApiKeys.isVersionEnabled and ApiVersionsRequest.getErrorResponse): ApiVersions of any
/// version gets an answer; any other unknown key or version, or an undecodable request, closes the connection.
/// </summary>
public sealed class UnsupportedRequestTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);

    [Theory]
    [InlineData((short)5)]
    [InlineData((short)99)]
    [InlineData((short)-1)]
    [InlineData(short.MaxValue)]
    public async Task ApiVersions_of_an_unknown_version_gets_a_v0_body_with_unsupported_version_and_the_ApiVersions_range(short version)
    {
        await using var broker = await KafkaBroker.StartAsync(new BrokerOptions { Port = 0 });
        using var connection = await RawConnection.ConnectAsync(broker.Port);
        // librdkafka sends its newest version with a flexible header and body; the broker must not try to parse them.
        await connection.SendAsync(RequestFrames.Build((short)ApiKey.ApiVersions, version, 77, flexible: true, w =>
        {
            w.WriteString("librdkafka");
            w.WriteString("9.9.9");
            w.WriteEmptyTaggedFields();
        }));

        var response = await connection.ReceiveAsync(Patience);
        Assert.NotNull(response);
        var reader = new KafkaReader(response);
        Assert.Equal(77, reader.ReadInt32());
        Assert.Equal(ErrorCode.UnsupportedVersion, (ErrorCode)reader.ReadInt16());
        var keys = reader.ReadArray(r => (Key: (ApiKey)r.ReadInt16(), Min: r.ReadInt16(), Max: r.ReadInt16()));
        Assert.Equal([(ApiKey.ApiVersions, (short)0, (short)4)], keys);
        Assert.Equal(0, reader.Remaining);

        // The connection stays usable: the client retries with a version from the range.
        await FramingTests.AssertAnsweredAsync(connection, 78);
    }

    [Theory]
    [InlineData((short)9_999, (short)0)]
    [InlineData((short)-1, (short)0)]
    [InlineData((short)ApiKey.SaslHandshake, (short)2)]
    [InlineData((short)ApiKey.Metadata, (short)99)]
    [InlineData((short)ApiKey.Metadata, (short)0)]
    [InlineData((short)ApiKey.Produce, (short)12)]
    [InlineData((short)ApiKey.Fetch, (short)-1)]
    public async Task An_unknown_api_key_or_unsupported_version_closes_the_connection_without_an_answer(short key, short version)
    {
        await using var broker = await KafkaBroker.StartAsync(new BrokerOptions { Port = 0 });
        using var bystander = await RawConnection.ConnectAsync(broker.Port);
        using var connection = await RawConnection.ConnectAsync(broker.Port);
        await connection.SendAsync(RequestFrames.Build(key, version, 5, flexible: false, w => w.WriteArrayLength(0)));

        Assert.Null(await connection.ReceiveAsync(Patience));
        await FramingTests.AssertAnsweredAsync(bystander, 6);
    }

    [Theory]
    [InlineData("000300040000000100", "a header cut inside the client id")]
    [InlineData("00030004000000010003616263", "Metadata v4 without its body")]
    [InlineData("0003000400000001FFFF7FFFFFFF", "Metadata v4 claiming 2^31-1 topics and sending none")]
    [InlineData("0003000400000001FFFF00000001FFFE", "a topic name of length -2")]
    [InlineData("00120003000000010000000F", "ApiVersions v3 with a client software name longer than the frame")]
    [InlineData("0012000300000001FFFF00FFFFFFFF0F", "ApiVersions v3 with a compact string length of 2^32-2")]
    [InlineData("0012000300000001000000" + "0B6C696272646B61666B61" + "06322E302E30" + "0101FFFFFFFF0F", "ApiVersions v3 with a tagged field larger than the frame")]
    public async Task A_request_that_cannot_be_decoded_closes_only_its_connection(string payloadHex, string what)
    {
        await using var broker = await KafkaBroker.StartAsync(new BrokerOptions { Port = 0 });
        using var bystander = await RawConnection.ConnectAsync(broker.Port);
        using var connection = await RawConnection.ConnectAsync(broker.Port);
        await connection.SendAsync(RequestFrames.WithSize(Convert.FromHexString(payloadHex)));

        Assert.True(await connection.WaitForCloseAsync(Patience), $"{what}: the connection stayed open");
        await FramingTests.AssertAnsweredAsync(bystander, 9);
        Assert.Equal(0, broker.Dispatcher.UnexpectedErrors);
    }

    [Fact]
    public async Task A_request_whose_answer_cannot_be_encoded_closes_the_connection_instead_of_sending_a_corrupt_frame()
    {
        await using var broker = await KafkaBroker.StartAsync(new BrokerOptions { Port = 0 });
        using var connection = await RawConnection.ConnectAsync(broker.Port);
        // Metadata echoes an invalid topic name; 32,767 bytes of 0xFF decode to U+FFFD, 98,301 bytes once re-encoded.
        await connection.SendAsync(RequestFrames.Build((short)ApiKey.Metadata, 1, 1, flexible: false, w =>
        {
            w.WriteArrayLength(1);
            w.WriteInt16(short.MaxValue);
            w.WriteRaw(Enumerable.Repeat((byte)0xFF, short.MaxValue).ToArray());
        }));

        Assert.Null(await connection.ReceiveAsync(Patience));
        Assert.Equal(0, broker.Dispatcher.UnexpectedErrors);
    }
}
