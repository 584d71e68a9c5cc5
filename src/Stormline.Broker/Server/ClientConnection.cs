using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Stormline.Broker.Handlers;
using Stormline.Broker.Protocol;

namespace Stormline.Broker.Server;

/// <summary>
/// One client socket. Requests are read as size-prefixed frames and handled strictly one after another, so
/// responses leave in request order (as Kafka, which mutes a connection while a request is in flight).
/// A frame that is too large or cannot be decoded closes this connection and nothing else.
/// </summary>
internal sealed class ClientConnection(Socket socket, ApiTable api, BrokerContext broker, ILogger logger)
{
    private readonly string _clientHost = socket.RemoteEndPoint?.ToString() ?? "unknown";

    public string ClientHost => _clientHost;

    public void Abort()
    {
        try
        {
            socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
        }
        catch (ObjectDisposedException)
        {
        }

        socket.Dispose();
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        socket.NoDelay = true;
        await using var stream = new NetworkStream(socket, ownsSocket: true);
        var reader = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 64 * 1024, minimumReadSize: 16 * 1024));
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var result = await reader.ReadAsync(cancellationToken);
                var buffer = result.Buffer;
                while (TryReadFrame(ref buffer, out var frame, out var frameLength))
                {
                    try
                    {
                        if (!await HandleFrameAsync(frame, frameLength, stream, cancellationToken))
                        {
                            return;
                        }
                    }
                    finally
                    {
                        ArrayPool<byte>.Shared.Return(frame);
                    }
                }

                reader.AdvanceTo(buffer.Start, buffer.End);
                if (result.IsCompleted)
                {
                    return;
                }
            }
        }
        catch (FrameTooLargeException ex)
        {
            logger.LogWarning("Closing connection from {Client}: {Reason}", _clientHost, ex.Message);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (IOException)
        {
        }
        catch (SocketException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
        finally
        {
            await reader.CompleteAsync();
        }
    }

    private bool TryReadFrame(ref ReadOnlySequence<byte> buffer, out byte[] frame, out int length)
    {
        frame = [];
        length = 0;
        if (buffer.Length < 4)
        {
            return false;
        }

        Span<byte> sizeBytes = stackalloc byte[4];
        buffer.Slice(0, 4).CopyTo(sizeBytes);
        var size = BinaryPrimitives.ReadInt32BigEndian(sizeBytes);
        if (size < RequestHeader.MinimumSize || size > broker.Options.SocketRequestMaxBytes)
        {
            throw new FrameTooLargeException($"request size {size} is outside 10..{broker.Options.SocketRequestMaxBytes} (socket.request.max.bytes)");
        }

        if (buffer.Length < 4 + size)
        {
            return false;
        }

        frame = ArrayPool<byte>.Shared.Rent(size);
        buffer.Slice(4, size).CopyTo(frame);
        buffer = buffer.Slice(4 + size);
        length = size;
        return true;
    }

    /// <returns>false when the connection must be closed.</returns>
    private async ValueTask<bool> HandleFrameAsync(byte[] frame, int length, Stream stream, CancellationToken cancellationToken)
    {
        var body = new KafkaReader(frame.AsMemory(0, length));
        RequestHeader header;
        try
        {
            header = RequestHeader.Read(body);
        }
        catch (ProtocolException ex)
        {
            logger.LogWarning("Closing connection from {Client}: malformed request header ({Reason})", _clientHost, ex.Message);
            return false;
        }

        var handler = api.Find(header.ApiKey);
        using var response = new KafkaWriter(1024);
        response.WriteInt32(0);
        response.WriteInt32(header.CorrelationId);
        if (handler is null || header.ApiVersion < handler.MinVersion || header.ApiVersion > handler.MaxVersion)
        {
            if (header.ApiKey == ApiKey.ApiVersions && handler is ApiVersionsHandler versions)
            {
                // KIP-511: an ApiVersions request of an unknown version gets a v0 answer with UNSUPPORTED_VERSION and our ranges.
                versions.WriteUnsupportedVersion(response);
                await SendAsync(stream, response, cancellationToken);
                return true;
            }

            logger.LogWarning("Closing connection from {Client}: unsupported API key {Key} v{Version} (client {ClientId})", _clientHost, (short)header.ApiKey, header.ApiVersion, header.ClientId);
            return false;
        }

        var flexible = handler.IsFlexible(header.ApiVersion);
        body.Flexible = flexible;
        response.Flexible = flexible;
        try
        {
            body.SkipTaggedFields();
            if (flexible && header.ApiKey != ApiKey.ApiVersions)
            {
                // Response header v1; ApiVersions always answers with header v0 so that any client can parse it.
                response.WriteUnsignedVarInt(0);
            }

            var request = new Request(header, body, _clientHost);
            if (!await handler.HandleAsync(request, response, cancellationToken))
            {
                return true;
            }
        }
        catch (ProtocolException ex)
        {
            logger.LogWarning("Closing connection from {Client}: malformed {Key} v{Version} request ({Reason})", _clientHost, header.ApiKey, header.ApiVersion, ex.Message);
            return false;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Closing connection from {Client}: {Key} v{Version} failed", _clientHost, header.ApiKey, header.ApiVersion);
            return false;
        }

        await SendAsync(stream, response, cancellationToken);
        return true;
    }

    private static async ValueTask SendAsync(Stream stream, KafkaWriter response, CancellationToken cancellationToken)
    {
        response.PatchInt32(0, response.Length - 4);
        await stream.WriteAsync(response.WrittenMemory, cancellationToken);
    }

    private sealed class FrameTooLargeException(string message) : Exception(message);
}
