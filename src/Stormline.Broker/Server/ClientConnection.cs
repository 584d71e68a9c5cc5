using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using Microsoft.Extensions.Logging;
using Stormline.Broker.Protocol;
using Stormline.Broker.Protocol.Messages;
using Stormline.Broker.Security;
using Stormline.Broker.Telemetry;

namespace Stormline.Broker.Server;

/// <summary>
/// One client socket. Requests are read as size-prefixed frames and handled strictly one after another, so
/// responses leave in request order (as Kafka, which mutes a connection while a request is in flight).
/// Whatever arrives on the socket affects this connection only:
/// <list type="bullet">
/// <item>A size prefix outside 10..socket.request.max.bytes closes it, as Kafka's NetworkReceive does.</item>
/// <item>Memory grows only as a frame's bytes actually arrive: the pipe buffers what was received, and the frame is
/// copied out once complete. A 4-byte header announcing 100 MB costs nothing until 100 MB are sent.</item>
/// <item>A connection without socket activity for connections.max.idle.ms is closed (a silent client, a stalled
/// frame, a request held that long, a client that stops reading), as Kafka's Selector does.</item>
/// <item>A half-closed socket still gets the responses to the whole frames it sent before its FIN.</item>
/// <item>A frame's size is reserved in the broker-wide <see cref="RequestMemory"/> (queued.max.request.bytes) as soon as
/// its prefix arrives and returned once it is answered; while none is left, this connection reads no further.</item>
/// <item>Nothing thrown here escapes into the broker.</item>
/// </list>
/// </summary>
internal sealed class ClientConnection(Socket socket, BoundListener listener, ListenerTls? tls, ListenerSasl? sasl, RequestDispatcher dispatcher, RequestMemory memory, BrokerOptions options, ILogger logger)
{
    /// <summary>Larger frames get their own array, so the shared pool never keeps a client's 100 MB buffers alive.</summary>
    private const int PooledFrameLimit = 1024 * 1024;

    private readonly ClientSession _session = new(DescribePeer(socket), listener, sasl);
    private readonly TimeSpan _idleTimeout = IdleTimeout(options.ConnectionsMaxIdleMs);
    private CancellationTokenSource? _idle;

    /// <summary>Bytes of the current frame held in <see cref="RequestMemory"/>; returned however the connection ends.</summary>
    private int _reserved;

    /// <summary>The listener, and once known the principal, of this connection.</summary>
    public ClientSession Session => _session;

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

    public async Task RunAsync(CancellationToken stopping)
    {
        try
        {
            socket.NoDelay = true;
            await using var network = new NetworkStream(socket, ownsSocket: true);
            await using var stream = tls is null ? network : await HandshakeAsync(network, tls, stopping);
            if (stream is null)
            {
                return;
            }

            var reader = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 64 * 1024, minimumReadSize: 16 * 1024, leaveOpen: true));
            try
            {
                await ServeAsync(reader, stream, stopping);
            }
            finally
            {
                await reader.CompleteAsync();
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
        catch (OperationCanceledException)
        {
            logger.LogInformation("Closing connection from {Client}: nothing received or sent for {IdleMs} ms (connections.max.idle.ms)", _session.ClientHost, options.ConnectionsMaxIdleMs);
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
        {
            // The peer went away, or the broker aborted the socket on shutdown.
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Connection from {Client} failed", _session.ClientHost);
        }
        finally
        {
            ReturnReserved();
            _idle?.Dispose();
            socket.Dispose();
        }
    }

    private void ReturnReserved()
    {
        if (_reserved > 0)
        {
            memory.Return(_reserved);
            _reserved = 0;
        }
    }

    /// <returns>The TLS stream, or null when the handshake failed (logged; the connection closes).</returns>
    private async Task<Stream?> HandshakeAsync(NetworkStream network, ListenerTls tls, CancellationToken stopping)
    {
        var ssl = new SslStream(network, leaveInnerStreamOpen: false);
        Touch(stopping);
        try
        {
            // The idle clock bounds the handshake too: a client that connects and says nothing holds no TLS state for long.
            await ssl.AuthenticateAsServerAsync(tls.ServerOptions, _idle!.Token);
        }
        catch (Exception ex) when (ex is AuthenticationException or IOException)
        {
            logger.LogInformation("Closing connection from {Client} on {Listener}: TLS handshake failed ({Reason})", _session.ClientHost, listener.Name, ex.Message);
            await ssl.DisposeAsync();
            return null;
        }

        if (ListenerTls.PrincipalOf(ssl.RemoteCertificate) is { } principal)
        {
            _session.Principal = principal;
        }

        return ssl;
    }

    private async Task ServeAsync(PipeReader reader, Stream stream, CancellationToken stopping)
    {
        Touch(stopping);
        while (true)
        {
            var result = await reader.ReadAsync(_idle!.Token);
            Touch(stopping);
            var buffer = result.Buffer;
            try
            {
                while (buffer.Length >= 4)
                {
                    var size = ReadSize(buffer);
                    if (size < RequestHeader.MinimumSize || size > options.SocketRequestMaxBytes)
                    {
                        logger.LogWarning("Closing connection from {Client}: request size {Size} is outside {Min}..{Max} (socket.request.max.bytes)", _session.ClientHost, size, RequestHeader.MinimumSize, options.SocketRequestMaxBytes);
                        return;
                    }

                    if (_reserved == 0)
                    {
                        // Back-pressure: no further socket reads until the broker has memory for this frame.
                        await memory.ReserveAsync(size, _idle!.Token);
                        _reserved = size;
                    }

                    if (buffer.Length - 4 < size)
                    {
                        break;
                    }

                    var frame = buffer.Slice(4, size);
                    buffer = buffer.Slice(4L + size);
                    var open = await HandleFrameAsync(frame, stream, stopping);
                    ReturnReserved();
                    if (!open)
                    {
                        return;
                    }
                }
            }
            finally
            {
                // Everything was examined: the next read waits for new bytes rather than returning the same partial frame.
                reader.AdvanceTo(buffer.Start, buffer.End);
            }

            if (result.IsCompleted || result.IsCanceled)
            {
                return;
            }
        }
    }

    /// <returns>false when the connection must be closed.</returns>
    private async ValueTask<bool> HandleFrameAsync(ReadOnlySequence<byte> frame, Stream stream, CancellationToken stopping)
    {
        var length = (int)frame.Length;
        var pooled = length <= PooledFrameLimit;
        var bytes = pooled ? ArrayPool<byte>.Shared.Rent(length) : GC.AllocateUninitializedArray<byte>(length);
        try
        {
            frame.CopyTo(bytes);
            BrokerTelemetry.RecordReceived(length + 4);
            using var response = new KafkaWriter(1024);
            switch (await dispatcher.DispatchAsync(bytes.AsMemory(0, length), response, Session, _idle!.Token))
            {
                case DispatchOutcome.Respond:
                    await stream.WriteAsync(response.WrittenMemory, _idle.Token);
                    BrokerTelemetry.RecordSent(response.WrittenMemory.Length);
                    Touch(stopping);
                    return true;
                case DispatchOutcome.RespondAndClose:
                    await stream.WriteAsync(response.WrittenMemory, _idle.Token);
                    await stream.FlushAsync(_idle.Token);
                    BrokerTelemetry.RecordSent(response.WrittenMemory.Length);
                    return false;
                case DispatchOutcome.NoResponse:
                    return true;
                default:
                    return false;
            }
        }
        finally
        {
            if (pooled)
            {
                ArrayPool<byte>.Shared.Return(bytes);
            }
        }
    }

    /// <summary>
    /// Restarts the idle clock after bytes arrived or a response left. As in Kafka's Selector, only socket activity
    /// counts: a request held longer than connections.max.idle.ms (a Fetch with a huge max_wait_ms, a response the
    /// client never reads) is cancelled and the connection closed, so a vanished client cannot pin it forever.
    /// </summary>
    private void Touch(CancellationToken stopping)
    {
        if (_idle is null || _idle.IsCancellationRequested)
        {
            // A cancelled source cannot be re-armed (the timer may have fired just as bytes arrived).
            _idle?.Dispose();
            _idle = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        }

        _idle.CancelAfter(_idleTimeout);
    }

    private static int ReadSize(ReadOnlySequence<byte> buffer)
    {
        Span<byte> size = stackalloc byte[4];
        buffer.Slice(0, 4).CopyTo(size);
        return BinaryPrimitives.ReadInt32BigEndian(size);
    }

    /// <summary>Kafka disables the idle check for a negative connections.max.idle.ms; timers stop at about 49 days.</summary>
    private static TimeSpan IdleTimeout(long milliseconds) =>
        milliseconds < 0 ? Timeout.InfiniteTimeSpan : TimeSpan.FromMilliseconds(Math.Min(milliseconds, uint.MaxValue - 1L));

    private static string DescribePeer(Socket socket)
    {
        try
        {
            return socket.RemoteEndPoint?.ToString() ?? "unknown";
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // A client that resets right after connecting must not take the accept loop down with it.
            return "unknown";
        }
    }
}
