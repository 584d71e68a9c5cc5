using System.Buffers.Binary;
using System.Net.Sockets;
using Stormline.Broker.Protocol;
using Stormline.Broker.Protocol.Messages;

namespace Stormline.Broker.Tests.Infrastructure;

/// <summary>
/// A bare Kafka connection for request versions that no client library sends (e.g. DescribeConfigs v0, DeleteTopics
/// v0-2) and for malformed-but-decodable requests: writes one request (header v1, or v2 with <c>flexible</c>, which
/// also switches the body writer and the response reader to compact encodings) and returns a reader positioned at
/// the response body. One request at a time.
/// </summary>
public sealed class AdminWireClient : IAsyncDisposable
{
    private readonly TcpClient _client;
    private readonly NetworkStream _stream;
    private readonly string _clientId;
    private int _correlationId;

    private AdminWireClient(TcpClient client, string clientId)
    {
        _client = client;
        _stream = client.GetStream();
        _clientId = clientId;
    }

    /// <summary>Connects as <paramref name="clientId"/> (the principal <c>User:&lt;client id&gt;</c> on a <c>SecuredBroker</c>).</summary>
    public static async Task<AdminWireClient> ConnectAsync(string bootstrap, string clientId = "admin-wire-test")
    {
        var colon = bootstrap.LastIndexOf(':');
        var client = new TcpClient { NoDelay = true };
        await client.ConnectAsync(bootstrap[..colon], int.Parse(bootstrap[(colon + 1)..]));
        return new AdminWireClient(client, clientId);
    }

    /// <summary>
    /// IncrementalAlterConfigs v0 on one resource, for what Confluent.Kafka refuses to send (unknown operations, null
    /// values, a BROKER resource with an empty name); returns that resource's error and message.
    /// </summary>
    public static async Task<(ErrorCode Error, string? Message)> IncrementalAlterConfigsAsync(
        string bootstrap, sbyte resourceType, string resourceName, (string Name, sbyte Operation, string? Value)[] changes)
    {
        await using var wire = await ConnectAsync(bootstrap);
        var response = await wire.SendAsync(ApiKey.IncrementalAlterConfigs, 0, w =>
        {
            w.WriteArrayLength(1);
            w.WriteInt8(resourceType);
            w.WriteString(resourceName);
            w.WriteArray(changes, (x, c) =>
            {
                x.WriteString(c.Name);
                x.WriteInt8(c.Operation);
                x.WriteString(c.Value);
            });
            w.WriteBool(false);
        });

        Xunit.Assert.Equal(0, response.ReadInt32());
        var result = Xunit.Assert.Single(response.ReadArray(r => ((ErrorCode)r.ReadInt16(), r.ReadNullableString(), r.ReadInt8(), r.ReadString())));
        Xunit.Assert.Equal(0, response.Remaining);
        Xunit.Assert.Equal((resourceType, resourceName), (result.Item3, result.Item4));
        return (result.Item1, result.Item2);
    }

    public async Task<KafkaReader> SendAsync(ApiKey key, short version, Action<KafkaWriter> writeBody, bool flexible = false)
    {
        var correlationId = ++_correlationId;
        using var request = new KafkaWriter();
        request.WriteInt32(0);
        new RequestHeader { RequestApiKey = (short)key, RequestApiVersion = version, CorrelationId = correlationId, ClientId = _clientId }
            .Write(request, flexible ? (short)2 : (short)1);
        writeBody(request);
        request.PatchInt32(0, request.Length - 4);
        await _stream.WriteAsync(request.WrittenMemory);

        var sizeBytes = new byte[4];
        await _stream.ReadExactlyAsync(sizeBytes).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        var frame = new byte[BinaryPrimitives.ReadInt32BigEndian(sizeBytes)];
        await _stream.ReadExactlyAsync(frame).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        var reader = new KafkaReader(frame) { Flexible = flexible };
        Assert.Equal(correlationId, reader.ReadInt32());
        reader.SkipTaggedFields();
        return reader;
    }

    /// <summary>
    /// Sends <paramref name="request"/> with the generated codec at <paramref name="version"/> (header v2 when that
    /// version is flexible) and decodes the whole answer with the generated response type.
    /// </summary>
    public async Task<TResponse> SendAsync<TRequest, TResponse>(ApiKey key, short version, TRequest request)
        where TRequest : IKafkaMessage<TRequest>
        where TResponse : IKafkaMessage<TResponse>
    {
        var reader = await SendAsync(key, version, w => request.Write(w, version), flexible: version >= TRequest.FlexibleFrom);
        var response = TResponse.Read(reader, version);
        Assert.Equal(0, reader.Remaining);
        return response;
    }

    /// <summary>True when the broker closed the connection (what it does with an undecodable request).</summary>
    public async Task<bool> IsClosedAsync()
    {
        var buffer = new byte[1];
        try
        {
            var read = await _stream.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
            return read == 0;
        }
        catch (IOException)
        {
            return true;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync();
        _client.Dispose();
    }
}
