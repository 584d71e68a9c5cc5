using System.Globalization;
using Stormline.Broker.Topics;

namespace Stormline.Broker.Server;

/// <summary>
/// The broker's configs as DescribeConfigs reports them for a BROKER resource: every Kafka broker config name this
/// broker understands (<see cref="BrokerOptions.KafkaConfigNames"/>) plus the broker-wide defaults of the topic
/// configs (log.cleanup.policy, compression.type, ...), each with its current value. All are read-only: this broker
/// has no dynamic broker configs, so a change means a restart with new options. STATIC_BROKER_CONFIG marks what the
/// operator set (differs from a fresh <see cref="BrokerOptions"/>), DEFAULT_CONFIG the rest.
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

            var value = Value(name, broker);
            var source = IsSet(name, broker.Options) ? ConfigSource.StaticBrokerConfig : ConfigSource.DefaultConfig;
            result.Add(new DescribedConfig(name, value, source, ReadOnly: true, Sensitive: false,
                includeSynonyms ? [new ConfigSynonym(name, value, source)] : []));
        }

        return result;
    }

    /// <summary>The value of a broker config as this running broker uses it; null when it has no exact value in that unit.</summary>
    public static string? Value(string name, BrokerContext broker) => name switch
    {
        "listeners" => $"PLAINTEXT://{broker.Options.Host}:{broker.Port}",
        "advertised.listeners" => $"PLAINTEXT://{broker.AdvertisedHost}:{broker.Port}",
        "log.dirs" or "log.dir" => broker.DataDirectory,
        _ => OptionValue(name, broker.Options),
    };

    private static bool IsSet(string name, BrokerOptions options) => name switch
    {
        "log.dirs" or "log.dir" => options.DataDirectory is not null,
        "advertised.listeners" => options.AdvertisedHost is not null,
        _ => OptionValue(name, options) != OptionValue(name, BuiltInDefaults),
    };

    private static string? OptionValue(string name, BrokerOptions o)
    {
        if (TopicConfig.Names.FirstOrDefault(t => TopicConfig.BrokerSynonym(t) == name) is { } topicConfig && !BrokerOptions.KafkaConfigNames.ContainsKey(name))
        {
            return TopicConfig.DefaultValue(topicConfig, o);
        }

        return name switch
        {
            "listeners" => $"PLAINTEXT://{o.Host}:{o.Port}",
            "advertised.listeners" => o.AdvertisedHost is null ? null : $"PLAINTEXT://{o.AdvertisedHost}:{o.Port}",
            "log.dirs" or "log.dir" => o.DataDirectory,
            "node.id" or "broker.id" => Text(o.NodeId),
            "auto.create.topics.enable" => o.AutoCreateTopics ? "true" : "false",
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
            "log.flush.interval.messages" => Text(o.FlushIntervalMessages),
            "log.flush.interval.ms" => Text(o.FlushIntervalMs),
            "message.max.bytes" => Text(o.MessageMaxBytes),
            "socket.request.max.bytes" => Text(o.SocketRequestMaxBytes),
            "fetch.max.bytes" => Text(o.FetchMaxBytes),
            "connections.max.idle.ms" => Text(o.ConnectionsMaxIdleMs),
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
