using System.Diagnostics;
using System.Net.Sockets;

namespace Stormline.Bench.Servers;

/// <summary>
/// A server under test running as its own OS process on a loopback port, with its own temporary folder.
/// Its output goes to a log file in that folder; disposing kills the process (by its id) and removes the folder.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;

    private ServerProcess(string name, int port, string directory, Process process, StreamWriter log)
    {
        Name = name;
        Port = port;
        Directory = directory;
        _process = process;
        _log = log;
    }

    public string Name { get; }

    public int Port { get; }

    /// <summary>The server's temporary data folder (deleted on dispose).</summary>
    public string Directory { get; }

    public int ProcessId => _process.Id;

    public string LogPath => Path.Combine(Directory, "server.log");

    /// <summary>Starts <paramref name="fileName"/> with arguments built from the port and data folder, then waits until the port accepts.</summary>
    public static async Task<ServerProcess> StartAsync(string name, string fileName, Func<int, string, IEnumerable<string>> arguments, TimeSpan startTimeout, IReadOnlyDictionary<string, string>? environment = null)
    {
        var port = FreePort.Next();
        var directory = System.IO.Directory.CreateTempSubdirectory($"stormline-bench-{name}-").FullName;
        var dataDirectory = Path.Combine(directory, "data");
        System.IO.Directory.CreateDirectory(dataDirectory);
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = directory,
        };
        foreach (var argument in arguments(port, dataDirectory))
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        var log = new StreamWriter(Path.Combine(directory, "server.log")) { AutoFlush = true };
        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => Append(log, e.Data);
        process.ErrorDataReceived += (_, e) => Append(log, e.Data);
        if (!process.Start())
        {
            throw new InvalidOperationException($"{name}: {fileName} did not start");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new ServerProcess(name, port, directory, process, log);
        await server.WaitForPortAsync(startTimeout);
        return server;
    }

    private static void Append(StreamWriter log, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            log.WriteLine(line);
        }
    }

    private async Task WaitForPortAsync(TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{Name} exited with {_process.ExitCode} before listening; see {LogPath}");
            }

            using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                await probe.ConnectAsync("127.0.0.1", Port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }

        throw new TimeoutException($"{Name} did not listen on port {Port} within {timeout.TotalSeconds:0} s; see {LogPath}");
    }

    /// <summary>User + system CPU the server process has used so far.</summary>
    public TimeSpan CpuTime
    {
        get
        {
            _process.Refresh();
            return _process.HasExited ? TimeSpan.Zero : _process.TotalProcessorTime;
        }
    }

    /// <summary>Resident memory of the server process now.</summary>
    public long WorkingSetBytes
    {
        get
        {
            _process.Refresh();
            return _process.HasExited ? 0 : _process.WorkingSet64;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        lock (_log)
        {
            _log.Dispose();
        }

        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
