using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Stormline.Testing;

namespace Stormline.Ops.Tests.Metrics;

/// <summary>A real Prometheus server scrapes a host serving /metrics and loads the exported rules.</summary>
[Collection(OpsHostCollection.Name)]
public sealed class PrometheusScrapeTests(SharedKafka shared) : IAsyncDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("stormline-prometheus-");
    private Process? _prometheus;

    [Fact]
    public async Task Prometheus_scrapes_the_metrics_and_loads_the_rules()
    {
        var binary = ExternalTool.Require("prometheus", "prometheus");
        var topic = TopicPrefix.Name("scraped");
        await shared.Kafka.CreateTopicsAsync([new TopicSpec(topic, 3)]);
        await using var host = await OpsHost.StartAsync(shared.BootstrapServers);
        await host.Collector.CollectAsync();

        var rules = await ExternalTool.StormlineAsync("ops", "rules", "--output", Path.Combine(_dir.FullName, "rules.yml"));
        Assert.True(rules.ExitCode == 0, rules.All);
        var target = new Uri(host.Url).Authority;
        File.WriteAllText(Path.Combine(_dir.FullName, "prometheus.yml"), $"""
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
            rule_files: [rules.yml]
            scrape_configs:
              - job_name: stormline
                static_configs:
                  - targets: ['{target}']
            """);
        var port = FreePort();
        var info = new ProcessStartInfo(binary)
        {
            WorkingDirectory = _dir.FullName,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[] { "--config.file=prometheus.yml", "--storage.tsdb.path=data", $"--web.listen-address=127.0.0.1:{port}" })
        {
            info.ArgumentList.Add(arg);
        }

        _prometheus = Process.Start(info)!;
        var log = _prometheus.StandardError.ReadToEndAsync();
        _ = _prometheus.StandardOutput.ReadToEndAsync();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(5) };

        var partitions = await QueryUntilAsync(http, $"kafka_topic_partitions{{topic=\"{topic}\"}}", log);
        Assert.Equal("3", partitions);
        Assert.Equal("1", await QueryUntilAsync(http, "kafka_brokers", log));

        using var loaded = JsonDocument.Parse(await http.GetStringAsync("/api/v1/rules"));
        var loadedRules = loaded.RootElement.GetProperty("data").GetProperty("groups")[0].GetProperty("rules").EnumerateArray().ToList();
        Assert.Equal(16, loadedRules.Count);
        Assert.All(loadedRules, r => Assert.Equal("ok", r.GetProperty("health").GetString()));
    }

    /// <summary>Polls the query API until the instant query returns a sample; its value. Fails with Prometheus's log after a deadline.</summary>
    private async Task<string> QueryUntilAsync(HttpClient http, string query, Task<string> log)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            Assert.False(_prometheus!.HasExited, "prometheus exited: " + (_prometheus.HasExited ? await log : ""));
            try
            {
                using var answer = JsonDocument.Parse(await http.GetStringAsync("/api/v1/query?query=" + Uri.EscapeDataString(query)));
                var result = answer.RootElement.GetProperty("data").GetProperty("result");
                if (result.GetArrayLength() > 0)
                {
                    return result[0].GetProperty("value")[1].GetString()!;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(250);
        }

        Assert.Fail($"no sample for {query} within 60 s");
        return "";
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (_prometheus is { HasExited: false })
        {
            _prometheus.Kill(entireProcessTree: true);
            await _prometheus.WaitForExitAsync();
        }

        _prometheus?.Dispose();
        _dir.Delete(recursive: true);
    }
}
