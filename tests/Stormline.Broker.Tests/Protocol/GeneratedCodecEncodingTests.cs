using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Confluent.Kafka;
using Stormline.Broker.Protocol;
using Stormline.Broker.Protocol.Messages;

namespace Stormline.Broker.Tests.Protocol;

/// <summary>
/// Generated codecs against encodings they did not produce: the ApiVersions request librdkafka sends (captured live
/// from a socket), and encodings composed by hand from Kafka's protocol guide for a classic request, a flexible request
/// with a uuid, and a flexible response with a tagged field.
/// </summary>
public sealed class GeneratedCodecEncodingTests
{
    [Fact]
    public async Task ApiVersions_request_from_librdkafka_decodes_and_reencodes_byte_for_byte()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var config = new AdminClientConfig { BootstrapServers = $"127.0.0.1:{port}", ClientId = "capture", SocketTimeoutMs = 5000 };
        using var admin = new AdminClientBuilder(config).Build();
        var metadata = Task.Run(() =>
        {
            try
            {
                admin.GetMetadata(TimeSpan.FromSeconds(2));
            }
            catch (KafkaException)
            {
                // Nothing answers; only the first request frame matters.
            }
        });

        using var socket = await listener.AcceptSocketAsync(TestContext.Current.CancellationToken);
        var frame = await ReadFrame(socket);
        var reader = new KafkaReader(frame);
        Assert.Equal(18, reader.ReadInt16());
        var version = reader.ReadInt16();
        reader.ReadInt32();
        Assert.Equal("capture", reader.ReadNullableString());
        reader.Flexible = true;
        reader.SkipTaggedFields();
        var bodyStart = reader.Position;

        var request = ApiVersionsRequest.Read(reader, version);

        Assert.Equal(3, version);
        Assert.Equal(0, reader.Remaining);
        Assert.Equal("confluent-kafka-dotnet", request.ClientSoftwareName);
        Assert.False(string.IsNullOrEmpty(request.ClientSoftwareVersion));
        Assert.Equal(Convert.ToHexString(frame[bodyStart..]), Convert.ToHexString(Encode(request.Write, version)));
        socket.Close();
        await metadata;
    }

    [Fact]
    public void Classic_heartbeat_request_v3_with_a_null_instance_id()
    {
        var bytes = Convert.FromHexString("0001" + "67" + "00000007" + "0002" + "6D31" + "FFFF");

        var request = HeartbeatRequest.Read(new KafkaReader(bytes), 3);

        Assert.Equal("g", request.GroupId);
        Assert.Equal(7, request.GenerationId);
        Assert.Equal("m1", request.MemberId);
        Assert.Null(request.GroupInstanceId);
        Assert.Equal(bytes, Encode(request.Write, 3));
    }

    [Fact]
    public void Flexible_metadata_request_v12_with_a_topic_id_and_compact_name()
    {
        var id = Guid.Parse("00112233-4455-6677-8899-aabbccddeeff");
        var bytes = Convert.FromHexString("02" + "00112233445566778899AABBCCDDEEFF" + "07" + "6F7264657273" + "00" + "01" + "00" + "00");

        var request = MetadataRequest.Read(new KafkaReader(bytes), 12);

        var topic = Assert.Single(request.Topics!);
        Assert.Equal(id, topic.TopicId);
        Assert.Equal("orders", topic.Name);
        Assert.True(request.AllowAutoTopicCreation);
        Assert.False(request.IncludeTopicAuthorizedOperations);
        Assert.Equal(bytes, Encode(request.Write, 12));
    }

    [Fact]
    public void Flexible_api_versions_response_writes_only_tagged_fields_that_differ_from_their_default()
    {
        var response = new ApiVersionsResponse
        {
            ApiKeys = [new ApiVersionsResponse.ApiVersion { ApiKey = 0, MinVersion = 0, MaxVersion = 11 }],
            FinalizedFeaturesEpoch = 5,
        };

        var bytes = Encode(response.Write, 3);

        // error, compact array of one (key, min, max, no tags), throttle, one tagged field: tag 1, 8 bytes, epoch 5.
        Assert.Equal("0000" + "02" + "0000" + "0000" + "000B" + "00" + "00000000" + "01" + "01" + "08" + "0000000000000005", Convert.ToHexString(bytes));
        var decoded = ApiVersionsResponse.Read(new KafkaReader(bytes), 3);
        Assert.Equal(5, decoded.FinalizedFeaturesEpoch);
        Assert.False(decoded.ZkMigrationReady);
    }

    [Fact]
    public void Unknown_tagged_fields_are_skipped_and_a_tag_overrunning_its_size_is_refused()
    {
        // ApiVersions v3 request with an unknown tag 9 of 2 bytes after the two compact strings.
        var unknown = Convert.FromHexString("02" + "61" + "02" + "62" + "01" + "09" + "02" + "ABCD");
        var reader = new KafkaReader(unknown);
        var request = ApiVersionsRequest.Read(reader, 3);
        Assert.Equal("a", request.ClientSoftwareName);
        Assert.Equal(0, reader.Remaining);

        // ApiVersions v3 response whose tag 1 (an int64) claims 4 bytes.
        var overrun = Convert.FromHexString("0000" + "01" + "00000000" + "01" + "01" + "04" + "0000000000000005");
        Assert.Throws<ProtocolException>(() => ApiVersionsResponse.Read(new KafkaReader(overrun), 3));
    }

    private static byte[] Encode(Action<KafkaWriter, short> write, short version)
    {
        using var writer = new KafkaWriter();
        write(writer, version);
        return writer.WrittenMemory.ToArray();
    }

    private static async Task<byte[]> ReadFrame(Socket socket)
    {
        var size = new byte[4];
        await ReadExactly(socket, size);
        var frame = new byte[BinaryPrimitives.ReadInt32BigEndian(size)];
        await ReadExactly(socket, frame);
        return frame;
    }

    private static async Task ReadExactly(Socket socket, byte[] buffer)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await socket.ReceiveAsync(buffer.AsMemory(read), TestContext.Current.CancellationToken);
            Assert.True(n > 0, "connection closed before a whole frame arrived");
            read += n;
        }
    }
}
