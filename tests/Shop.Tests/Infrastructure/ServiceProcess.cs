using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Shop.Tests.Infrastructure;

/// <summary>A service started from its build output as its own process (`dotnet Shop.X.dll`), configured by environment variables.</summary>
internal sealed class ServiceProcess : IDisposable
{
    private readonly System.Diagnostics.Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private ServiceProcess(string project, int port, System.Diagnostics.Process process)
    {
        Project = project;
        Port = port;
        _process = process;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) _output.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) _output.Enqueue(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Project { get; }

    public int Port { get; }

    public HttpClient Http { get; }

    public string Output => string.Join('\n', _output);

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <param name="settings">More configuration as environment variables (e.g. SchemaRegistry__Url).</param>
    public static ServiceProcess Start(string project, string bootstrapServers, string dataDir, int? port = null, IReadOnlyDictionary<string, string>? settings = null)
    {
        var dll = RepoPaths.ServiceDll(project);
        Assert.True(File.Exists(dll), $"{dll} is missing; build the solution first (./test.sh does)");
        var chosen = port ?? FreePort();
        var start = new ProcessStartInfo("dotnet", [dll]) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["Urls"] = $"http://127.0.0.1:{chosen}";
        start.Environment["Kafka__BootstrapServers"] = bootstrapServers;
        start.Environment["Store__DataDir"] = dataDir;
        start.Environment["Store__Provider"] = "sqlite";
        start.Environment["PaymentGateway__Latency"] = "00:00:00.001";
        foreach (var (name, value) in settings ?? new Dictionary<string, string>()) start.Environment[name] = value;
        return new ServiceProcess(project, chosen, System.Diagnostics.Process.Start(start)!);
    }

    /// <summary>Waits for the start-up line with the URL, then for /health/ready.</summary>
    public async Task WaitUntilReady()
    {
        await Eventually.Get(() => Task.FromResult(Output), o => o.Contains($"{Project} listening on http://127.0.0.1:{Port}", StringComparison.Ordinal) || HasExited,
            $"{Project} to print its URL");
        Assert.False(HasExited, Output);
        await Eventually.Get(async () => (await Http.GetAsync("/health/ready")).StatusCode, s => s == HttpStatusCode.OK, $"{Project} to be ready");
    }

    /// <summary>SIGTERM, then waits for the exit.</summary>
    public async Task Terminate()
    {
        using (var term = System.Diagnostics.Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)])!)
            await term.WaitForExitAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _process.WaitForExitAsync(timeout.Token);
    }

    /// <summary>SIGKILL: no chance to flush, commit or release anything.</summary>
    public async Task Kill()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.Dispose();
        Http.Dispose();
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }
}
