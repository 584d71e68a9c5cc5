using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Stormline.Broker.Tests.Crash;

/// <summary>
/// <c>stormline broker</c> in its own OS process (the stormline.dll the test project copies next to its own output),
/// so that a test can SIGKILL it and start it again on the same port and data folder.
/// </summary>
public sealed class BrokerProcess : IDisposable
{
    private readonly string _dataDirectory;
    private readonly string[] _configs;
    private readonly ConcurrentQueue<string> _output = new();
    private Process? _process;

    public BrokerProcess(string dataDirectory, params string[] configs)
    {
        _dataDirectory = dataDirectory;
        _configs = configs;
        Port = FreePort();
    }

    public int Port { get; }

    public string DataDirectory => _dataDirectory;

    /// <summary>A server.properties passed with --config-file; its configs apply before the --config ones.</summary>
    public string? ConfigFile { get; init; }

    public string BootstrapServers => $"127.0.0.1:{Port}";

    /// <summary>CPU time the running broker process has used so far.</summary>
    public TimeSpan ProcessorTime
    {
        get
        {
            _process!.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    /// <summary>Everything the broker processes wrote so far, for failure messages.</summary>
    public string Output => string.Join(Environment.NewLine, _output);

    /// <summary>Starts the process and returns once it accepts connections.</summary>
    public async Task StartAsync()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "stormline.dll");
        Assert.True(File.Exists(dll), $"{dll} is missing: the test project must reference Stormline.Cli");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { dll, "broker", "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--data-dir", _dataDirectory })
        {
            start.ArgumentList.Add(argument);
        }

        if (ConfigFile is not null)
        {
            start.ArgumentList.Add("--config-file");
            start.ArgumentList.Add(ConfigFile);
        }

        foreach (var config in _configs)
        {
            start.ArgumentList.Add("--config");
            start.ArgumentList.Add(config);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("the broker process did not start");
        process.OutputDataReceived += (_, e) => Record(e.Data);
        process.ErrorDataReceived += (_, e) => Record(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            Assert.False(process.HasExited, $"the broker exited with {(process.HasExited ? process.ExitCode : 0)}:{Environment.NewLine}{Output}");
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
        }
    }

    /// <summary>SIGKILL: no shutdown code runs, only what the broker already handed to the OS survives.</summary>
    public void Kill()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill();
            process.WaitForExit();
        }

        _process?.Dispose();
        _process = null;
    }

    /// <summary><paramref name="kills"/> times: runs for 0.5-1.5 s (drawn from <paramref name="random"/>), SIGKILL, start again.</summary>
    public async Task KillRepeatedlyAsync(int kills, Random random)
    {
        for (var kill = 0; kill < kills; kill++)
        {
            await Task.Delay(random.Next(500, 1_500));
            Kill();
            await StartAsync();
        }
    }

    public void Dispose() => Kill();

    /// <summary>A data folder under the temp directory that no other run uses: <paramref name="prefix"/> and a fresh guid.</summary>
    public static string NewDataDirectory(string prefix) => Path.Combine(Path.GetTempPath(), prefix + "-" + Guid.NewGuid().ToString("N"));

    /// <summary>
    /// Runs <paramref name="test"/> with a broker process (not started yet) over <paramref name="dataDirectory"/>. If the
    /// test fails its exception propagates unchanged, after the broker's output went to the test log, since a crash test's
    /// failure is usually explained there. However it ends, the process is SIGKILLed and the data folder and
    /// <paramref name="alsoDelete"/> are removed, so no broker outlives its test and no run leaves gigabytes in /tmp.
    /// </summary>
    public static async Task RunAsync(string dataDirectory, IEnumerable<string> configs, Func<BrokerProcess, Task> test, params IEnumerable<string> alsoDelete)
    {
        var broker = new BrokerProcess(dataDirectory, [.. configs]);
        try
        {
            await test(broker);
        }
        catch
        {
            TestContext.Current.TestOutputHelper?.WriteLine(broker.Output);
            throw;
        }
        finally
        {
            broker.Kill();
            foreach (var directory in alsoDelete.Prepend(dataDirectory).Where(Directory.Exists))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    private void Record(string? line)
    {
        if (line is not null)
        {
            _output.Enqueue(line);
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
