using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Stormline.Bench.Measurement;

namespace Stormline.Bench.Workloads;

/// <summary>The machine's loopback TCP ceiling: one connection, 1 MiB writes for a fixed time, bytes counted by the receiver.</summary>
public static class LoopbackWorkload
{
    private const int WriteSize = 1024 * 1024;

    public static async Task<TransferOutcome> RunAsync(TimeSpan duration)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var meter = CpuMeter.Start(() => TimeSpan.Zero);
        var receiver = Task.Factory.StartNew(
            () =>
            {
                using var socket = listener.AcceptSocket();
                var buffer = new byte[WriteSize];
                long total = 0;
                int read;
                while ((read = socket.Receive(buffer)) > 0)
                {
                    total += read;
                }

                return total;
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);

        using (var sender = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
        {
            await sender.ConnectAsync(IPAddress.Loopback, port);
            var block = new byte[WriteSize];
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed < duration)
            {
                sender.Send(block);
            }

            sender.Shutdown(SocketShutdown.Send);
        }

        var bytes = await receiver;
        var elapsed = meter.Elapsed;
        return new TransferOutcome(bytes / WriteSize, bytes, elapsed, meter.Stop(), 0);
    }
}
