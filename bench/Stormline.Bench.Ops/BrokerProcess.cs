using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Stormline.Bench.Ops;

/// <summary><c>dotnet stormline.dll broker</c> as its own process on a free port with a temporary data folder, so the collector's memory is measured alone.</summary>
internal sealed class BrokerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _data;

    private BrokerProcess(Process process, string data, int port)
    {
        _process = process;
        _data = data;
        Bootstrap = $"127.0.0.1:{port}";
    }

    public string Bootstrap { get; }

    public static async Task<BrokerProcess> StartAsync(string brokerDll)
    {
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        var data = Directory.CreateTempSubdirectory("stormline-bench-ops-").FullName;
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { brokerDll, "broker", "--host", "127.0.0.1", "--port", port.ToString(CultureInfo.InvariantCulture), "--data-dir", data })
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info)!;
        _ = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        var broker = new BrokerProcess(process, data, port);
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return broker;
            }
            catch (SocketException) when (deadline.Elapsed < TimeSpan.FromSeconds(60) && !process.HasExited)
            {
                await Task.Delay(100);
            }
            catch
            {
                await broker.DisposeAsync();
                throw new InvalidOperationException($"stormline broker did not listen on {port} within 60 s; build it with dotnet build src/Stormline.Cli -c Release");
            }
        }
    }

    /// <summary>Resident memory of the broker process, from /proc.</summary>
    public long ResidentBytes()
    {
        _process.Refresh();
        return _process.WorkingSet64;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
