namespace Stormline.Bench.Servers;

/// <summary>How each server under test is started: a fresh temporary data folder and a free loopback port each.</summary>
public static class PeerServers
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    /// <summary>
    /// <c>dotnet stormline.dll broker --port P --data-dir D</c>, Release build, default broker configs; <paramref name="environment"/>
    /// adds variables (e.g. runtime knobs such as DOTNET_ThreadPool_UnfairSemaphoreSpinLimit) for A/B runs.
    /// </summary>
    public static Task<ServerProcess> StartStormlineAsync(string brokerDll, IReadOnlyDictionary<string, string> environment) =>
        ServerProcess.StartAsync("stormline", "dotnet", (port, data) =>
            [brokerDll, "broker", "--host", "127.0.0.1", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--data-dir", data],
            StartTimeout,
            environment);

    /// <summary>Debian's redis-server with an append-only file written every event loop and fsynced every second; no RDB snapshots.</summary>
    public static Task<ServerProcess> StartRedisAsync() =>
        ServerProcess.StartAsync("redis", "redis-server", (port, data) =>
            ["--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--dir", data,
             "--appendonly", "yes", "--appendfsync", "everysec", "--save", "", "--protected-mode", "no"],
            StartTimeout);

    /// <summary>Debian's nats-server with JetStream on, storing in the temporary folder.</summary>
    public static Task<ServerProcess> StartNatsAsync() =>
        ServerProcess.StartAsync("nats", "nats-server", (port, data) =>
            ["-js", "-a", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-sd", data],
            StartTimeout);
}
