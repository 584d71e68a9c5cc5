namespace Stormline.Ops.Alerts;

/// <summary>Thresholds and <c>for</c> durations of the default rules, and where firing alerts go.</summary>
public sealed class AlertOptions
{
    /// <summary>Lag (summed over a topic's partitions) above which a rising group alerts.</summary>
    public long LagThreshold { get; set; } = 1000;

    /// <summary>How far back "rising" looks (the range of <c>delta(...)</c>).</summary>
    public TimeSpan LagRiseWindow { get; set; } = TimeSpan.FromMinutes(5);

    public TimeSpan LagFor { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a group must stay STALL, STOP or REWIND before it fires.</summary>
    public TimeSpan GroupStatusFor { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Window in which any new dead letter fires at once.</summary>
    public TimeSpan DeadLetterWindow { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Topics (a regex matched against the whole name, as PromQL's <c>=~</c>) expected to see traffic.</summary>
    public string BusyTopicPattern { get; set; } = ".+-events";

    /// <summary>How long a busy topic may go without a new message.</summary>
    public TimeSpan NoMessagesWindow { get; set; } = TimeSpan.FromMinutes(10);

    public TimeSpan ServiceNotReadyFor { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Age of the oldest unpublished outbox row that alerts.</summary>
    public TimeSpan OutboxMaxAge { get; set; } = TimeSpan.FromSeconds(60);

    public TimeSpan OutboxFor { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Share of the broker's volume that must stay free (Strimzi's KafkaRunningOutOfSpace uses 15 %).</summary>
    public double DiskFreeRatio { get; set; } = 0.15;

    public TimeSpan DiskFor { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Lag in seconds (a group's largest) above which it alerts.</summary>
    public TimeSpan TimeLagThreshold { get; set; } = TimeSpan.FromMinutes(5);

    public TimeSpan TimeLagFor { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a partition may be offline (no leader) before it alerts.</summary>
    public TimeSpan OfflinePartitionsFor { get; set; } = TimeSpan.FromMinutes(1);

    public TimeSpan UnderReplicatedFor { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How far back the broker count is compared: fewer brokers now than at any poll in this window alerts.</summary>
    public TimeSpan BrokerCountWindow { get; set; } = TimeSpan.FromMinutes(15);

    public TimeSpan BrokerCountFor { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long the exporter's metrics may be missing (Prometheus) or the collector without a fresh snapshot (built in).</summary>
    public TimeSpan ExporterAbsentFor { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>For the built-in evaluator: a newest snapshot older than this counts as the exporter being absent (keep it above the poll interval).</summary>
    public TimeSpan CollectorStaleAfter { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Where the runbooks are: each rule's <c>runbook_url</c> is this plus <c>#</c> and the rule's name in lower case
    /// (the anchors of docs/ops.md's "Runbooks" section). Point it at the published docs/ops.md of your deployment.
    /// </summary>
    public string RunbookBaseUrl { get; set; } = "docs/ops.md";

    /// <summary>Services whose readiness endpoints are probed at each evaluation.</summary>
    public IList<ServiceEndpoint> Services { get; } = [];

    /// <summary>Where firing and resolved alerts are POSTed (Alertmanager's webhook JSON); null: log only.</summary>
    public Uri? WebhookUrl { get; set; }

    public TimeSpan EvaluationInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a resolved alert stays listed (Prometheus keeps sending resolved alerts for 15 minutes).</summary>
    public TimeSpan ResolvedRetention { get; set; } = TimeSpan.FromMinutes(15);
}
