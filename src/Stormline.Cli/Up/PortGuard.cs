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

    /// <summary>A port nobody listens on now (for tests and benchmarks that must not collide with a running system).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
