using System.Buffers.Binary;
using System.Net.Sockets;
using Stormline.Broker.Protocol;
using Stormline.Broker.Protocol.Messages;

namespace Stormline.Broker.Tests.Infrastructure;

/// <summary>
/// One plain TCP connection speaking the Kafka framing: request header v1 (non-flexible requests only) and response
/// header v0. Lets tests send exactly the bytes a client would, including requests the official clients never send.
/// A broker answers each connection in order, so a request that waits (JoinGroup) holds up later ones: use one client
/// per simulated member. Not thread-safe.
/// </summary>
public sealed class RawKafkaClient : IDisposable
{
    private readonly TcpClient _client;
    private readonly NetworkStream _stream;
    private int _correlationId;

    private RawKafkaClient(TcpClient client)
    {
        _client = client;
        _stream = client.GetStream();
    }

    public string ClientId { get; init; } = "raw-client";

    public static async Task<RawKafkaClient> ConnectAsync(string bootstrapServers, string clientId = "raw-client")
    {
        var colon = bootstrapServers.LastIndexOf(':');
        var client = new TcpClient { NoDelay = true };
        await client.ConnectAsync(bootstrapServers[..colon], int.Parse(bootstrapServers[(colon + 1)..]));
        return new RawKafkaClient(client) { ClientId = clientId };
    }

    /// <summary>Sends one request and returns a reader positioned at the response body.</summary>
    public async Task<KafkaReader> SendAsync(ApiKey key, short version, Action<KafkaWriter> writeBody, TimeSpan? timeout = null)
    {
        var correlationId = ++_correlationId;
        using (var request = new KafkaWriter())
        {
            request.WriteInt32(0);
            new RequestHeader { RequestApiKey = (short)key, RequestApiVersion = version, CorrelationId = correlationId, ClientId = ClientId }.Write(request, 1);
            writeBody(request);
            request.PatchInt32(0, request.Length - 4);
            await _stream.WriteAsync(request.WrittenMemory);
        }

        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        var sizeBytes = new byte[4];
        await _stream.ReadExactlyAsync(sizeBytes, cancel.Token);
        var frame = new byte[BinaryPrimitives.ReadInt32BigEndian(sizeBytes)];
        await _stream.ReadExactlyAsync(frame, cancel.Token);
        var reader = new KafkaReader(frame);
        var answered = reader.ReadInt32();
        if (answered != correlationId)
        {
            throw new InvalidOperationException($"response for correlation id {answered}, expected {correlationId}");
        }

        return reader;
    }

    public void Dispose()
    {
        _stream.Dispose();
        _client.Dispose();
    }
}
