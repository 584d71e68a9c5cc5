using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Stormline.Broker.Tests.Robustness;

/// <summary>
/// A bare TCP connection to the broker that sends arbitrary bytes and reads response frames, so tests can do what
/// no well-behaved client would. Reads report a closed connection as null instead of throwing.
/// </summary>
internal sealed class RawConnection : IDisposable
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;

    private RawConnection(Socket socket)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
    }

    public static async Task<RawConnection> ConnectAsync(int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port));
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        return new RawConnection(socket);
    }

    public Socket Socket => _socket;

    /// <summary>Sends bytes; false when the broker has already closed the connection.</summary>
    public async Task<bool> SendAsync(ReadOnlyMemory<byte> bytes)
    {
        try
        {
            await _stream.WriteAsync(bytes);
            return true;
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            return false;
        }
    }

    /// <summary>The next response frame without its size prefix; null when the broker closed the connection.</summary>
    /// <exception cref="TimeoutException">Nothing complete arrived within <paramref name="timeout"/>.</exception>
    /// <param name="minimumSize">4 for a response (its correlation id); 0 for a bare SASL token after SaslHandshake v0.</param>
    public async Task<byte[]?> ReceiveAsync(TimeSpan timeout, int minimumSize = 4)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            var size = new byte[4];
            await _stream.ReadExactlyAsync(size, cts.Token);
            var length = BinaryPrimitives.ReadInt32BigEndian(size);
            if (length < minimumSize || length > 256 * 1024 * 1024)
            {
                throw new InvalidDataException($"the broker sent a response frame of size {length}");
            }

            var payload = new byte[length];
            await _stream.ReadExactlyAsync(payload, cts.Token);
            return payload;
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            throw new TimeoutException($"no response within {timeout.TotalMilliseconds} ms");
        }
        catch (EndOfStreamException)
        {
            return null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>True when the broker closes the connection (EOF or reset) within <paramref name="timeout"/>, discarding any data.</summary>
    public async Task<bool> WaitForCloseAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        var buffer = new byte[4096];
        try
        {
            while (await _stream.ReadAsync(buffer, cts.Token) > 0)
            {
            }

            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        catch (IOException)
        {
            return true;
        }
    }

    public void ShutdownSend() => _socket.Shutdown(SocketShutdown.Send);

    public void Dispose() => _stream.Dispose();
}
