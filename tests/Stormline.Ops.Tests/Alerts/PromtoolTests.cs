using Stormline.Ops.Tests.Collecting;
using Stormline.Ops.Tests.Metrics;
using Stormline.Testing;

namespace Stormline.Ops.Tests.Alerts;

/// <summary>The exported rules and metrics as Prometheus's own tool judges them.</summary>
[Collection(Metrics.OpsHostCollection.Name)]
public sealed class PromtoolTests(SharedKafka shared) : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("stormline-promtool-");

    private async Task<string> WriteRulesAsync(params string[] extra)
    {
        var path = Path.Combine(_dir.FullName, "rules.yml");
        var result = await ExternalTool.StormlineAsync(["ops", "rules", "--output", path, .. extra]);
        Assert.True(result.ExitCode == 0, result.All);
        return path;
    }

    [Fact]
    public async Task Rules_file_from_the_cli_passes_promtool_check_rules()
    {
        var promtool = ExternalTool.Require("promtool", "prometheus");
        var rules = await WriteRulesAsync();

        var check = await ExternalTool.RunAsync(promtool, ["check", "rules", rules]);

        Assert.True(check.ExitCode == 0, check.All);
        Assert.Contains("SUCCESS: 16 rules found", check.All);
    }

    [Fact]
    public async Task Every_alert_fires_and_stays_quiet_as_its_promtool_unit_test_expects()
    {
        var promtool = ExternalTool.Require("promtool", "prometheus");
        await WriteRulesAsync();
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Alerts", "rules.test.yml"), Path.Combine(_dir.FullName, "rules.test.yml"));

        var test = await ExternalTool.RunAsync(promtool, ["test", "rules", "rules.test.yml"], _dir.FullName);

        Assert.True(test.ExitCode == 0, test.All);
        Assert.Contains("SUCCESS", test.All);
    }

    [Fact]
    public async Task Unit_tests_catch_a_rule_that_alerts_on_the_wrong_threshold()
    {
        var promtool = ExternalTool.Require("promtool", "prometheus");
        await WriteRulesAsync("--lag-threshold", "5000");
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Alerts", "rules.test.yml"), Path.Combine(_dir.FullName, "rules.test.yml"));

        var test = await ExternalTool.RunAsync(promtool, ["test", "rules", "rules.test.yml"], _dir.FullName);

        Assert.NotEqual(0, test.ExitCode);
        Assert.Contains("KafkaConsumerGroupLagHigh", test.All);
    }

    [Fact]
    public async Task Live_metrics_endpoint_passes_promtool_check_metrics()
    {
        var promtool = ExternalTool.Require("promtool", "prometheus");
        var topic = TopicPrefix.Name("lint");
        await shared.Kafka.CreateTopicsAsync([new TopicSpec(topic, 2)]);
        await shared.Kafka.ProduceAsync(topic, "k", "v");
        using var workload = new GroupWorkload(shared.BootstrapServers, topic + "-group", topic);
        workload.ConsumeAndCommit(1);
        await using var host = await OpsHost.StartAsync(shared.BootstrapServers);
        await host.Collector.WaitForSnapshotAsync(s => s.FindGroup(topic + "-group") is { Members.Count: 1 }, TimeSpan.FromSeconds(30));
        var text = await host.ScrapeAsync();
        Assert.Contains("kafka_consumergroup_lag{", text);
        Assert.Contains("stormline_broker_requests_total{", text);

        var check = await ExternalTool.RunAsync(promtool, ["check", "metrics"], stdin: text);

        Assert.True(check.ExitCode == 0, check.All);
        Assert.Equal("", check.All.Trim());
    }

    public void Dispose() => _dir.Delete(recursive: true);
}
