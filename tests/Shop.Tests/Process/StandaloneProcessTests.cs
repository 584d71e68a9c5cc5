using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Shop.Tests.Infrastructure;
using Stormline.Testing;

namespace Shop.Tests.Process;

/// <summary>
/// Each service runs as its own process from its build output, configured by environment variables, and stops cleanly
/// on SIGTERM. A broker of their own, so these processes never join the shared shop's consumer groups.
/// </summary>
public sealed class StandaloneProcessTests(StandaloneProcessTests.Broker broker) : IClassFixture<StandaloneProcessTests.Broker>
{
    public sealed class Broker : IAsyncLifetime
    {
        public StormlineKafka? Kafka { get; private set; }

        public async ValueTask InitializeAsync() => Kafka = await StormlineKafka.StartAsync();

        public async ValueTask DisposeAsync()
        {
            if (Kafka is not null) await Kafka.DisposeAsync();
        }
    }

    [Theory]
    [InlineData("Shop.Orders")]
    [InlineData("Shop.Payments")]
    [InlineData("Shop.Deliveries")]
    public async Task Service_runs_as_a_process_prints_its_url_and_stops_on_sigterm(string project)
    {
        var dll = RepoPaths.ServiceDll(project);
        Assert.True(File.Exists(dll), $"{dll} is missing; build the solution first (./test.sh does)");
        var port = FreePort();
        var dataDir = Path.Combine(Path.GetTempPath(), "shop-process-" + Guid.NewGuid().ToString("N"));
        var start = new ProcessStartInfo("dotnet", [dll]) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["Urls"] = $"http://127.0.0.1:{port}";
        start.Environment["Kafka__BootstrapServers"] = broker.Kafka!.BootstrapServers;
        start.Environment["Store__DataDir"] = dataDir;
        start.Environment["Store__Provider"] = "sqlite";
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        using var process = System.Diagnostics.Process.Start(start)!;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await Eventually.Get(() => Task.FromResult(string.Join('\n', output)), o => o.Contains($"{project} listening on http://127.0.0.1:{port}", StringComparison.Ordinal) || process.HasExited,
                $"{project} to print its URL");
            Assert.False(process.HasExited, string.Join('\n', output));
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            var ready = await Eventually.Get(async () => (await http.GetAsync("/health/ready")).StatusCode, s => s == HttpStatusCode.OK, $"{project} to be ready");
            Assert.Equal(HttpStatusCode.OK, ready);
            Assert.True(File.Exists(Path.Combine(dataDir, "events.db")));

            using (var term = System.Diagnostics.Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
                await term.WaitForExitAsync();
            using var stopped = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await process.WaitForExitAsync(stopped.Token);
            Assert.Equal(0, process.ExitCode);
            Assert.Contains($"{project} stopped", string.Join('\n', output), StringComparison.Ordinal);
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            try { Directory.Delete(dataDir, recursive: true); } catch (IOException) { }
        }
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }
}
