using System.Net;
using System.Net.Sockets;

namespace Stormline.Cli.Up;

/// <summary>Checks every port before anything starts, so a conflict is one clear message rather than a half-started system.</summary>
public static class PortGuard
{
    /// <summary>The (port, owner) pairs already taken on 127.0.0.1.</summary>
    public static IReadOnlyList<(int Port, string Owner)> Taken(IEnumerable<(int Port, string Owner)> wanted) =>
        wanted.Where(w => !IsFree(w.Port)).ToList();

    public static bool IsFree(int port)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            // As a listener would bind: connections of a just-stopped run in TIME_WAIT do not make the port busy.
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>
    /// <paramref name="count"/> different ports nobody listens on now (for tests that must not collide with a running
    /// system); all are held open until every one is chosen, so the OS cannot hand out one twice.
    /// </summary>
    public static IReadOnlyList<int> FreePorts(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        try
        {
            listeners.ForEach(l => l.Start());
            return [.. listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port)];
        }
        finally
        {
            listeners.ForEach(l => l.Dispose());
        }
    }
}
