using System.Globalization;
using Stormline.Broker.Topics;

namespace Stormline.Broker.Server;

/// <summary>
/// The broker's configs as DescribeConfigs reports them for a BROKER resource: every Kafka broker config name this
/// broker understands (<see cref="BrokerOptions.KafkaConfigNames"/>) plus the broker-wide defaults of the topic
/// configs (log.cleanup.policy, compression.type, ...), each with its current value. Those in
/// <see cref="DynamicBrokerConfigs.Names"/> can change at runtime and report DYNAMIC_BROKER_CONFIG or
/// DYNAMIC_DEFAULT_BROKER_CONFIG when they were; the rest are read-only (a change means a restart with new options).
/// STATIC_BROKER_CONFIG marks what the operator set at start (differs from a fresh <see cref="BrokerOptions"/>),
/// DEFAULT_CONFIG the rest.
/// </summary>
internal static class BrokerConfigDescriber
{
    private const long MsPerMinute = 60_000;
    private const long MsPerHour = 3_600_000;

    private static readonly BrokerOptions BuiltInDefaults = new();

    /// <summary>Every name a BROKER resource lists, sorted.</summary>
    public static IReadOnlyList<string> Names { get; } = BrokerOptions.KafkaConfigNames.Keys
        .Concat(TopicConfig.Names.Select(TopicConfig.BrokerSynonym))
        .Distinct(StringComparer.Ordinal)
        .Order(StringComparer.Ordinal)
        .ToList();

    public static List<DescribedConfig> Describe(BrokerContext broker, IReadOnlyCollection<string>? keys, bool includeSynonyms)
    {
        var result = new List<DescribedConfig>();
        foreach (var name in Names)
        {
            if (keys is not null && !keys.Contains(name))
            {
                continue;
            }

            var dynamic = DynamicBrokerConfigs.Names.Contains(name);
            var staticSource = IsSet(name, broker) ? ConfigSource.StaticBrokerConfig : ConfigSource.DefaultConfig;
            var source = (dynamic ? broker.DynamicConfigs.SourceOf(name) : null) ?? staticSource;
            result.Add(new DescribedConfig(name, Value(name, broker), source, ReadOnly: !dynamic, Sensitive: false,
                includeSynonyms ? Synonyms(name, broker, source, staticSource) : []));
        }

        return result;
    }

    /// <summary>The BROKER resource with an empty name: only the cluster-wide dynamic defaults that are set, as Kafka lists them.</summary>
    public static List<DescribedConfig> DescribeClusterDefaults(BrokerContext broker, IReadOnlyCollection<string>? keys, bool includeSynonyms) =>
        [.. broker.DynamicConfigs.ClusterDefaults()
            .Where(c => keys is null || keys.Contains(c.Key))
            .OrderBy(c => c.Key, StringComparer.Ordinal)
            .Select(c => new DescribedConfig(c.Key, c.Value, ConfigSource.DynamicDefaultBrokerConfig, ReadOnly: false, Sensitive: false,
                includeSynonyms ? [new ConfigSynonym(c.Key, c.Value, ConfigSource.DynamicDefaultBrokerConfig)] : []))];

    /// <summary>Kafka's synonym order: this broker's dynamic value, the cluster default, then the static or built-in value.</summary>
    private static List<ConfigSynonym> Synonyms(string name, BrokerContext broker, ConfigSource source, ConfigSource staticSource)
    {
        var synonyms = new List<ConfigSynonym>();
        foreach (var level in (ConfigSource[])[ConfigSource.DynamicBrokerConfig, ConfigSource.DynamicDefaultBrokerConfig])
        {
            if (source <= level && DynamicBrokerConfigs.Names.Contains(name) && broker.DynamicConfigs.ValueAt(name, level) is { } value)
            {
                synonyms.Add(new ConfigSynonym(name, value, level));
            }
        }

        var staticValue = DynamicBrokerConfigs.Names.Contains(name) ? broker.DynamicConfigs.ValueAt(name, staticSource) : Value(name, broker);
        synonyms.Add(new ConfigSynonym(name, staticValue, staticSource));
        return synonyms;
    }

    /// <summary>The value of a broker config as this running broker uses it; null when it has no exact value in that unit.</summary>
    public static string? Value(string name, BrokerContext broker) => name switch
    {
        "listeners" => string.Join(',', broker.Listeners.Select(l => $"{l.Name}://{l.BindHost}:{l.Port}")),
        "advertised.listeners" => string.Join(',', broker.Listeners.Select(l => $"{l.Name}://{l.AdvertisedHost}:{l.AdvertisedPort}")),
        "log.dirs" or "log.dir" => broker.DataDirectory,
        _ => OptionValue(name, broker.Options),
    };

    /// <summary>Set by the operator at start (a dynamic config compares its static value, not the live one).</summary>
    private static bool IsSet(string name, BrokerContext broker) => name switch
    {
        "log.dirs" or "log.dir" => broker.Options.DataDirectory is not null,
        "advertised.listeners" => broker.Options.AdvertisedHost is not null || broker.Options.AdvertisedListeners is not null,
        _ when DynamicBrokerConfigs.Names.Contains(name) => broker.DynamicConfigs.ValueAt(name, ConfigSource.StaticBrokerConfig) != OptionValue(name, BuiltInDefaults),
        _ => OptionValue(name, broker.Options) != OptionValue(name, BuiltInDefaults),
    };

    /// <summary>The value of a broker config in <paramref name="o"/>; null when it has no exact value in that unit.</summary>
    public static string? OptionValue(string name, BrokerOptions o)
    {
        if (TopicConfig.Names.FirstOrDefault(t => TopicConfig.BrokerSynonym(t) == name) is { } topicConfig && !BrokerOptions.KafkaConfigNames.ContainsKey(name))
        {
            return TopicConfig.DefaultValue(topicConfig, o);
        }

        return name switch
        {
            "listeners" => o.Listeners ?? $"PLAINTEXT://{o.Host}:{o.Port}",
            "advertised.listeners" => o.AdvertisedListeners ?? (o.AdvertisedHost is null ? null : $"PLAINTEXT://{o.AdvertisedHost}:{o.Port}"),
            "listener.security.protocol.map" => o.ListenerSecurityProtocolMap ?? "PLAINTEXT:PLAINTEXT,SSL:SSL,SASL_PLAINTEXT:SASL_PLAINTEXT,SASL_SSL:SASL_SSL",
            "inter.broker.listener.name" => o.InterBrokerListenerName ?? o.ListenerSpecs()[0].Name,
            "connections.max.reauth.ms" => Text(o.ConnectionsMaxReauthMs),
            "log.dirs" or "log.dir" => o.DataDirectory,
            "node.id" or "broker.id" => Text(o.NodeId),
            "auto.create.topics.enable" => o.AutoCreateTopics ? "true" : "false",
            "authorizer.class.name" => o.AuthorizerClassName ?? string.Empty,
            "super.users" => string.Join(';', o.SuperUsers.Order(StringComparer.Ordinal)),
            "allow.everyone.if.no.acl.found" => o.AllowEveryoneIfNoAclFound ? "true" : "false",
            "num.partitions" => Text(o.DefaultPartitions),
            "default.replication.factor" => Text(o.DefaultReplicationFactor),
            "log.segment.bytes" => Text(o.SegmentBytes),
            "log.roll.ms" => Text(o.SegmentMs),
            "log.roll.hours" => InUnit(o.SegmentMs, MsPerHour),
            "log.retention.ms" => Text(o.RetentionMs),
            "log.retention.minutes" => InUnit(o.RetentionMs, MsPerMinute),
            "log.retention.hours" => InUnit(o.RetentionMs, MsPerHour),
            "log.retention.bytes" => Text(o.RetentionBytes),
            "log.retention.check.interval.ms" => Text(o.RetentionCheckIntervalMs),
            "log.cleanup.policy" => o.LogCleanupPolicy,
            "log.cleaner.enable" => o.LogCleanerEnable ? "true" : "false",
            "log.cleaner.backoff.ms" => Text(o.LogCleanerBackoffMs),
            "log.cleaner.min.cleanable.ratio" => o.LogCleanerMinCleanableRatio.ToString(CultureInfo.InvariantCulture),
            "log.cleaner.delete.retention.ms" => Text(o.LogCleanerDeleteRetentionMs),
            "log.cleaner.min.compaction.lag.ms" => Text(o.LogCleanerMinCompactionLagMs),
            "log.flush.interval.messages" => Text(o.FlushIntervalMessages),
            "log.flush.interval.ms" => Text(o.FlushIntervalMs),
            "transaction.max.timeout.ms" => Text(o.TransactionMaxTimeoutMs),
            "transaction.abort.timed.out.transaction.cleanup.interval.ms" => Text(o.TransactionAbortTimedOutTransactionCleanupIntervalMs),
            "transactional.id.expiration.ms" => Text(o.TransactionalIdExpirationMs),
            "transaction.remove.expired.transaction.cleanup.interval.ms" => Text(o.TransactionRemoveExpiredTransactionCleanupIntervalMs),
            "message.max.bytes" => Text(o.MessageMaxBytes),
            "socket.request.max.bytes" => Text(o.SocketRequestMaxBytes),
            "fetch.max.bytes" => Text(o.FetchMaxBytes),
            "connections.max.idle.ms" => Text(o.ConnectionsMaxIdleMs),
            "max.connections.per.ip" => Text(o.MaxConnectionsPerIp),
            "max.connections.per.ip.overrides" => o.MaxConnectionsPerIpOverrides,
            "max.connections" => Text(o.MaxConnections),
            "queued.max.request.bytes" => Text(o.QueuedMaxRequestBytes),
            "offsets.retention.check.interval.ms" => Text(o.OffsetsRetentionCheckIntervalMs),
            "offsets.retention.minutes" => InUnit(o.OffsetsRetentionMs, MsPerMinute),
            "group.initial.rebalance.delay.ms" => Text(o.GroupInitialRebalanceDelayMs),
            "group.min.session.timeout.ms" => Text(o.GroupMinSessionTimeoutMs),
            "group.max.session.timeout.ms" => Text(o.GroupMaxSessionTimeoutMs),
            _ => null,
        };
    }

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>-1 stays -1 (keep forever); otherwise the value in the coarser unit when it divides exactly.</summary>
    private static string? InUnit(long ms, long unit) => ms < 0 ? Text(ms) : ms % unit == 0 ? Text(ms / unit) : null;
}
