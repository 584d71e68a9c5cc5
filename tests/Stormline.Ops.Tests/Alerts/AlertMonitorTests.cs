using Microsoft.Extensions.DependencyInjection;
using Stormline.Ops.Alerts;
using Stormline.Ops.Tests.Metrics;

namespace Stormline.Ops.Tests.Alerts;

/// <summary>The alert wiring of AddStormlineOps: real probes, the in-process broker's disk, the evaluator and /metrics.</summary>
[Collection(Metrics.OpsHostCollection.Name)]
public sealed class AlertMonitorTests(SharedKafka shared)
{
    [Fact]
    public async Task A_service_that_does_not_answer_fires_and_shows_as_not_ready_in_metrics()
    {
        await using var host = await OpsHost.StartAsync(shared.BootstrapServers, o =>
        {
            o.Alerts.ServiceNotReadyFor = TimeSpan.Zero;
            o.Alerts.Services.Add(new ServiceEndpoint("payments", new Uri("http://127.0.0.1:1/health")));
        });
        await host.Collector.CollectAsync();
        var monitor = host.Services.GetRequiredService<AlertMonitor>();

        var changed = await monitor.EvaluateOnceAsync();

        var fired = Assert.Single(changed, a => a.Name == "StormlineServiceNotReady");
        Assert.Equal("payments", fired.Labels["service"]);
        Assert.Contains(monitor.Evaluator.Firing, a => a.Name == "StormlineServiceNotReady");
        var samples = ExpositionSample.Parse(await host.ScrapeAsync());
        Assert.Equal(0, samples.Single(s => s.Name == "stormline_service_ready" && s.Labels["service"] == "payments").Value);
    }

    [Fact]
    public void Disk_probe_reads_the_in_process_broker_volume()
    {
        using var probe = new BrokerDiskProbe();

        var disks = probe.Read();

        Assert.NotEmpty(disks);
        Assert.All(disks, d => Assert.InRange(d.FreeBytes, 1, d.TotalBytes));
    }

    [Fact]
    public async Task Rules_command_refuses_bad_thresholds_with_a_clear_message()
    {
        var result = await ExternalTool.StormlineAsync("ops", "rules", "--disk-free-percent", "150");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--disk-free-percent must be between 0 and 100 (got 150)", result.Error);
        Assert.Equal("", result.Out);
    }
}
