using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using Stormline.Ops.Alerts;
using Stormline.Ops.Collecting;
using Stormline.Ops.Lag;

namespace Stormline.Ops.Metrics;

/// <summary>
/// The cluster as Prometheus gauges under kafka_exporter's names and labels (topic, partition, consumergroup), so
/// dashboards and rules written for kafka_exporter work unchanged, plus <c>stormline_consumergroup_status</c> with
/// Burrow's numbers. Every gauge is observed from the newest snapshot at scrape time: nothing is recorded per poll.
/// </summary>
public sealed class OpsMetrics : IDisposable
{
    public const string MeterName = "Stormline.Ops";

    private readonly ClusterCollector _collector;
    private readonly LagMonitor _lag;
    private readonly Meter _meter;

    public OpsMetrics(ClusterCollector collector, LagMonitor lag)
        : this(collector, lag, null)
    {
    }

    /// <summary>With <paramref name="services"/>, also <c>stormline_service_ready{service}</c> from the last readiness probe.</summary>
    public OpsMetrics(ClusterCollector collector, LagMonitor lag, ServiceHealthProbe? services)
    {
        _collector = collector;
        _lag = lag;
        _meter = new Meter(MeterName);
        Gauge(MetricNames.Brokers, "Number of Brokers in the Kafka Cluster.", s => [new(s.Brokers.Count)]);
        Gauge(MetricNames.TopicPartitions, "Number of partitions for this Topic", s => s.Topics.Select(t => new Measurement<long>(t.Partitions.Count, new KeyValuePair<string, object?>("topic", t.Name))));
        PartitionGauge(MetricNames.PartitionCurrentOffset, "Current Offset of a Broker at Topic/Partition", p => p.LatestOffset);
        PartitionGauge(MetricNames.PartitionOldestOffset, "Oldest Offset of a Broker at Topic/Partition", p => p.EarliestOffset);
        PartitionGauge(MetricNames.PartitionInSyncReplica, "Number of In-Sync Replicas for this Topic/Partition", p => p.InSyncReplicas.Count);
        PartitionGauge(MetricNames.PartitionUnderReplicated, "1 if Topic/Partition is under Replicated", p => p.IsUnderReplicated ? 1 : 0);
        PartitionGauge(MetricNames.PartitionLeader, "Leader Broker ID of this Topic/Partition", p => p.Leader);
        PartitionGauge(MetricNames.PartitionReplicas, "Number of Replicas for this Topic/Partition", p => p.Replicas.Count);
        PartitionGauge(MetricNames.PartitionLeaderIsPreferred, "1 if Topic/Partition is using the Preferred Broker", p => p.LeaderIsPreferred ? 1 : 0);
        PartitionGauge(MetricNames.PartitionSizeBytes, "Bytes of the log segments of this Topic/Partition on its leader (DescribeLogDirs)", p => p.SizeBytes, p => p.SizeBytes >= 0);
        GroupPartitionGauge(MetricNames.GroupCurrentOffset, "Current Offset of a ConsumerGroup at Topic/Partition", o => o.CommittedOffset);
        GroupPartitionGauge(MetricNames.GroupLag, "Current Approximate Lag of a ConsumerGroup at Topic/Partition", o => o.Lag);
        GroupTopicGauge(MetricNames.GroupCurrentOffsetSum, "Current Offset of a ConsumerGroup at Topic for all partitions", o => Math.Max(0, o.CommittedOffset));
        GroupTopicGauge(MetricNames.GroupLagSum, "Current Approximate Lag of a ConsumerGroup at Topic for all partitions", o => o.CountedLag);
        Gauge(MetricNames.GroupMembers, "Amount of members in a consumer group", s => s.Groups.Select(g => new Measurement<long>(g.Members.Count, Group(g))));
        Gauge(MetricNames.GroupStatus, "Lag status of a consumer group by Burrow's rules: 0 NOTFOUND, 1 OK, 2 WARN, 3 ERR (a partition in STOP, STALL or REWIND)", s => s.Groups.Select(g => new Measurement<long>((long)_lag.Find(g.GroupId).Status, Group(g))));
        PartitionVerdictGauge(MetricNames.GroupPartitionStatus, "Lag status of a consumer group on one partition by Burrow's rules: 0 NOTFOUND, 1 OK, 2 WARN, 4 STOP, 5 STALL, 6 REWIND", p => p.Status);
        PartitionVerdictGauge(MetricNames.GroupPartitionTimeLagStatus, "Status of a consumer group's lag in seconds on one partition: 0 NOTFOUND (not measured), 1 OK, 2 WARN (never decreasing), 5 STALL (growing with the clock)", p => p.TimeLagStatus);
        _meter.CreateObservableGauge(MetricNames.GroupLagSeconds, () => _collector.Latest is { } s ? LagSeconds(s) : [], unit: null, description: "Group time lag of a partition");
        _meter.CreateObservableGauge(MetricNames.GroupMaxLagSeconds, () => _collector.Latest is { } s ? MaxLagSeconds(s) : [], unit: null, description: "Max group time lag");
        _meter.CreateObservableGauge(MetricNames.ServiceReady, () => (services?.Latest ?? []).Select(h => new Measurement<long>(h.Ready ? 1 : 0, new KeyValuePair<string, object?>("service", h.Name))), unit: null, description: "1 when the service's readiness endpoint answered 2xx at the last probe");
        _meter.CreateObservableGauge(MetricNames.PollDuration, () => _collector.Latest is { } s ? [new Measurement<double>(s.Duration.TotalSeconds)] : Array.Empty<Measurement<double>>(), unit: null, description: "Seconds the collector's last poll of the cluster took");
    }

    private void Gauge(string name, string help, Func<ClusterSnapshot, IEnumerable<Measurement<long>>> read) =>
        _meter.CreateObservableGauge(name, () => _collector.Latest is { } snapshot ? read(snapshot) : [], unit: null, description: help);

    private void PartitionGauge(string name, string help, Func<PartitionSnapshot, long> value, Func<PartitionSnapshot, bool>? known = null) =>
        Gauge(name, help, s => s.Topics.SelectMany(t => t.Partitions.Where(p => known?.Invoke(p) ?? true).Select(p => new Measurement<long>(value(p), new TagList
        {
            { "topic", t.Name },
            { "partition", PartitionLabel(p.Id) },
        }))));

    private void PartitionVerdictGauge(string name, string help, Func<PartitionLagVerdict, LagStatus> status) =>
        Gauge(name, help, s => s.Groups.SelectMany(g => _lag.Find(g.GroupId).Partitions.Select(p => new Measurement<long>((long)status(p), new TagList
        {
            { "consumergroup", g.GroupId },
            { "partition", PartitionLabel(p.Partition) },
            { "topic", p.Topic },
        }))));

    private void GroupPartitionGauge(string name, string help, Func<GroupPartitionOffset, long> value) =>
        Gauge(name, help, s => s.Groups.SelectMany(g => g.ConsumedTopics().SelectMany(t => t).Select(o => new Measurement<long>(value(o), new TagList
        {
            { "consumergroup", g.GroupId },
            { "partition", PartitionLabel(o.Partition) },
            { "topic", o.Topic },
        }))));

    private void GroupTopicGauge(string name, string help, Func<GroupPartitionOffset, long> value) =>
        Gauge(name, help, s => s.Groups.SelectMany(g => g.ConsumedTopics().Select(t => new Measurement<long>(t.Sum(value), new TagList
        {
            { "consumergroup", g.GroupId },
            { "topic", t.Key },
        }))));

    private string ClusterName(ClusterSnapshot s) => _collector.Options.ClusterName ?? s.ClusterId ?? "";

    // Only measured partitions: an unknown age is absent, not 0 (0 means caught up).
    private IEnumerable<Measurement<double>> LagSeconds(ClusterSnapshot s) =>
        s.Groups.SelectMany(g => g.Offsets.Where(o => o.LagSeconds is not null).Select(o =>
        {
            var owner = g.Owner(o.Key);
            return new Measurement<double>(o.LagSeconds!.Value, new TagList
            {
                { "cluster_name", ClusterName(s) },
                { "group", g.GroupId },
                { "topic", o.Topic },
                { "partition", PartitionLabel(o.Partition) },
                { "member_host", owner?.Host ?? "" },
                { "consumer_id", owner?.MemberId ?? "" },
                { "client_id", owner?.ClientId ?? "" },
            });
        }));

    private IEnumerable<Measurement<double>> MaxLagSeconds(ClusterSnapshot s) =>
        s.Groups.Where(g => g.MaxLagSeconds is not null).Select(g => new Measurement<double>(g.MaxLagSeconds!.Value, new TagList
        {
            { "cluster_name", ClusterName(s) },
            { "group", g.GroupId },
            { "is_simple_consumer", g.IsSimpleConsumerGroup ? "true" : "false" },
        }));

    private static KeyValuePair<string, object?> Group(ConsumerGroupSnapshot g) => new("consumergroup", g.GroupId);

    private static string PartitionLabel(int id) => id.ToString(CultureInfo.InvariantCulture);

    public void Dispose() => _meter.Dispose();
}
