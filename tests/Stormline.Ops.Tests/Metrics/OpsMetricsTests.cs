using Stormline.Ops.Collecting;
using Stormline.Ops.Metrics;
using Stormline.Ops.Tests.Collecting;
using Stormline.Testing;

namespace Stormline.Ops.Tests.Metrics;

[Collection(OpsHostCollection.Name)]
public sealed class OpsMetricsTests(SharedKafka shared)
{
    [Fact]
    public async Task Metrics_endpoint_serves_kafka_exporter_names_with_exactly_their_labels()
    {
        var topic = TopicPrefix.Name("metrics");
        var group = topic + "-group";
        await shared.Kafka.CreateTopicsAsync([new TopicSpec(topic, 2)]);
        for (var i = 0; i < 6; i++)
        {
            await shared.Kafka.ProduceAsync(topic, $"k{i}", "v");
        }

        using var workload = new GroupWorkload(shared.BootstrapServers, group, topic);
        workload.ConsumeAndCommit(2);
        await using var host = await OpsHost.StartAsync(shared.BootstrapServers);
        await host.Collector.WaitForSnapshotAsync(s => s.FindGroup(group) is { Members.Count: 1 } g && g.Offsets.Sum(o => Math.Max(0, o.CommittedOffset)) == 2, TimeSpan.FromSeconds(30));

        var samples = ExpositionSample.Parse(await host.ScrapeAsync());

        string[] partition = ["partition", "topic"];
        string[] groupPartition = ["consumergroup", "partition", "topic"];
        var expected = new Dictionary<string, string[]>
        {
            ["kafka_brokers"] = [],
            ["kafka_topic_partitions"] = ["topic"],
            ["kafka_topic_partition_current_offset"] = partition,
            ["kafka_topic_partition_oldest_offset"] = partition,
            ["kafka_topic_partition_in_sync_replica"] = partition,
            ["kafka_topic_partition_under_replicated_partition"] = partition,
            ["kafka_topic_partition_leader_is_preferred"] = partition,
            ["stormline_topic_partition_size_bytes"] = partition,
            ["kafka_consumergroup_current_offset"] = groupPartition,
            ["kafka_consumergroup_lag"] = groupPartition,
            ["kafka_consumergroup_lag_sum"] = ["consumergroup", "topic"],
            ["kafka_consumergroup_members"] = ["consumergroup"],
            ["stormline_consumergroup_status"] = ["consumergroup"],
        };
        foreach (var (name, labels) in expected)
        {
            var series = samples.Where(s => s.Name == name).ToList();
            Assert.True(series.Count > 0, $"{name} missing");
            Assert.All(series, s => Assert.Equal(labels, s.Labels.Keys.Order()));
        }

        double Value(string name, params (string Key, string Value)[] labels) =>
            samples.Single(s => s.Name == name && labels.All(l => s.Labels.GetValueOrDefault(l.Key) == l.Value)).Value;
        Assert.Equal(1, Value(MetricNames.Brokers));
        Assert.Equal(2, Value(MetricNames.TopicPartitions, ("topic", topic)));
        Assert.Equal(6, Value(MetricNames.PartitionCurrentOffset, ("topic", topic), ("partition", "0")) + Value(MetricNames.PartitionCurrentOffset, ("topic", topic), ("partition", "1")));
        Assert.Equal(1, Value(MetricNames.PartitionLeaderIsPreferred, ("topic", topic), ("partition", "0")));

        // Six records produced one at a time are six batches, each at least its 61-byte header plus one record; the
        // sizes read over DescribeLogDirs are those the in-process broker reports of its own logs.
        var bytes = Value(MetricNames.PartitionSizeBytes, ("topic", topic), ("partition", "0")) + Value(MetricNames.PartitionSizeBytes, ("topic", topic), ("partition", "1"));
        Assert.InRange(bytes, 6 * 61 + 6, 6 * 200);
        Assert.Equal(Value("stormline_broker_log_size_bytes", ("topic", topic), ("partition", "0")), Value(MetricNames.PartitionSizeBytes, ("topic", topic), ("partition", "0")));

        // Both records may come from one partition: the other then has no commit, lags -1 and stays out of the sum.
        var lags = samples.Where(s => s.Name == MetricNames.GroupLag && s.Labels["consumergroup"] == group).ToList();
        Assert.Equal(lags.Where(l => l.Value >= 0).Sum(l => l.Value), Value(MetricNames.GroupLagSum, ("consumergroup", group), ("topic", topic)));
        var unread = lags.Where(l => l.Value < 0).Sum(l => Value(MetricNames.PartitionCurrentOffset, ("topic", topic), ("partition", l.Labels["partition"])));
        Assert.Equal(4, lags.Where(l => l.Value >= 0).Sum(l => l.Value) + unread);
        Assert.Equal(1, Value(MetricNames.GroupMembers, ("consumergroup", group)));
        Assert.Equal(1, Value(MetricNames.GroupStatus, ("consumergroup", group))); // OK: too few polls for anything else
    }

    [Fact]
    public async Task Uncommitted_partitions_lag_minus_one_outside_the_sum_and_lag_seconds_carry_kafka_lag_exporter_labels()
    {
        var topic = TopicPrefix.Name("fidelity");
        var idle = topic + "-idle";
        var live = topic + "-live";
        await shared.Kafka.CreateTopicsAsync([new TopicSpec(topic, 2)]);
        using var writer = new RecordWriter(shared.BootstrapServers);
        var hourAgo = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.AddHours(-1).ToUnixTimeMilliseconds());
        for (var i = 0; i < 4; i++)
        {
            await writer.WriteAsync(topic, 0, hourAgo.AddSeconds(i));
            await writer.WriteAsync(topic, 1, hourAgo.AddSeconds(i));
        }

        writer.Commit(idle, topic, 0, 1); // partition 1 never committed
        using var workload = new GroupWorkload(shared.BootstrapServers, live, topic);
        workload.ConsumeAndCommit(1);
        await using var host = await OpsHost.StartAsync(shared.BootstrapServers);
        var snapshot = await host.Collector.WaitForSnapshotAsync(
            s => s.FindGroup(idle)?.Offsets.Count == 2 && s.FindGroup(live) is { Members.Count: 1 } g && g.Offsets.Any(o => o.LagSeconds is not null),
            TimeSpan.FromSeconds(30));

        var samples = ExpositionSample.Parse(await host.ScrapeAsync());
        List<ExpositionSample> Of(string name, string groupLabel, string group) => samples.Where(s => s.Name == name && s.Labels.GetValueOrDefault(groupLabel) == group).ToList();

        // kafka_exporter: an uncommitted partition of a consumed topic reports -1 and is left out of the sum.
        var lags = Of(MetricNames.GroupLag, "consumergroup", idle);
        Assert.Equal(3, lags.Single(s => s.Labels["partition"] == "0").Value);
        Assert.Equal(-1, lags.Single(s => s.Labels["partition"] == "1").Value);
        Assert.Equal(3, Assert.Single(Of(MetricNames.GroupLagSum, "consumergroup", idle)).Value);
        Assert.Equal(3, snapshot.FindGroup(idle)!.TotalLag);

        // kafka-lag-exporter's names and labels; the member-less group's member labels are empty.
        string[] perPartition = ["client_id", "cluster_name", "consumer_id", "group", "member_host", "partition", "topic"];
        var idleSeconds = Assert.Single(Of(MetricNames.GroupLagSeconds, "group", idle));
        Assert.Equal(perPartition, idleSeconds.Labels.Keys.Order());
        Assert.Equal("", idleSeconds.Labels["consumer_id"]);
        Assert.Equal(snapshot.ClusterId ?? "", idleSeconds.Labels["cluster_name"]);
        Assert.Equal((snapshot.TakenAt - hourAgo.AddSeconds(1)).TotalSeconds, idleSeconds.Value, tolerance: 1e-3);
        var idleMax = Assert.Single(Of(MetricNames.GroupMaxLagSeconds, "group", idle));
        Assert.Equal(["cluster_name", "group", "is_simple_consumer"], idleMax.Labels.Keys.Order());
        Assert.Equal("true", idleMax.Labels["is_simple_consumer"]); // it only ever committed, never joined
        Assert.Equal(idleSeconds.Value, idleMax.Value);

        var liveSeconds = Of(MetricNames.GroupLagSeconds, "group", live);
        Assert.NotEmpty(liveSeconds);
        var member = Assert.Single(snapshot.FindGroup(live)!.Members);
        Assert.All(liveSeconds, s => Assert.Equal(member.MemberId, s.Labels["consumer_id"]));
        Assert.All(liveSeconds, s => Assert.Equal("workload", s.Labels["client_id"]));
        Assert.Equal("false", Assert.Single(Of(MetricNames.GroupMaxLagSeconds, "group", live)).Labels["is_simple_consumer"]);
    }

    [Fact]
    public async Task Every_partition_of_a_large_cluster_gets_its_own_series()
    {
        // 3,000 partitions: past OpenTelemetry's default limit of 2,000 series per metric.
        await using var host = await OpsHost.StartAsync(shared.BootstrapServers);
        var partitions = Enumerable.Range(0, 3000).Select(p => new PartitionSnapshot(p, 1, [1], [1], 0, p)).ToList();
        host.Collector.History.Add(new ClusterSnapshot(DateTimeOffset.UtcNow, TimeSpan.Zero, null, 1, [new(1, "127.0.0.1", 9092)], [new TopicSnapshot("wide", false, partitions)], []));

        var text = await host.ScrapeAsync();
        var samples = ExpositionSample.Parse(text);

        // Other tests' hosts in this process export meters of the same name, so count this topic's series only.
        var series = samples.Where(s => s.Name == MetricNames.PartitionCurrentOffset && s.Labels.GetValueOrDefault("topic") == "wide").ToList();
        Assert.Equal(3000, series.Count);
        Assert.Equal(2999, series.Single(s => s.Labels["partition"] == "2999").Value);
        Assert.DoesNotContain("overflow", text);
    }
}
