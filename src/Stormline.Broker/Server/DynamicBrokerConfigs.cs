using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;
using Stormline.Broker.Log;
using Stormline.Broker.Protocol;
using Stormline.Broker.Topics;

namespace Stormline.Broker.Server;

/// <summary>
/// Broker configs changed at runtime through AlterConfigs / IncrementalAlterConfigs on the BROKER resource, as Kafka
/// allows for the broker-wide defaults of topic configs (its DynamicLogConfig) and the connection caps (its
/// DynamicConnectionQuota): <see cref="Names"/>. Two levels, as in
/// Kafka: this broker (resource name = node id, DYNAMIC_BROKER_CONFIG) over the cluster-wide default (empty name,
/// DYNAMIC_DEFAULT_BROKER_CONFIG) over the static options. The effective value is written into the live
/// <see cref="BrokerOptions"/> and every topic's partition logs pick it up at once, unless the topic overrides it.
/// Persisted in <c>meta/dynamic-broker-configs</c> (<see cref="DurableFile"/>) before a change is answered, and
/// applied again at start. Thread-safe: every call is serialised by one lock.
/// </summary>
internal sealed class DynamicBrokerConfigs
{
    private const string FileName = "dynamic-broker-configs";
    private const string BrokerScope = "broker";
    private const string DefaultScope = "default";

    private readonly Lock _gate = new();
    private readonly BrokerOptions _options;
    private readonly TopicManager _topics;
    private readonly ILogger _logger;
    private readonly string _path;
    private readonly Dictionary<string, string> _static = new(StringComparer.Ordinal);
    private Dictionary<string, string> _broker = new(StringComparer.Ordinal);
    private Dictionary<string, string> _default = new(StringComparer.Ordinal);

    public DynamicBrokerConfigs(BrokerOptions options, string dataDirectory, TopicManager topics, ILogger logger)
    {
        _options = options;
        _topics = topics;
        _logger = logger;
        _path = Path.Combine(dataDirectory, "meta", FileName);
        foreach (var name in Names)
        {
            _static[name] = BrokerConfigDescriber.OptionValue(name, options)!;
        }

        Load();
        Apply();
    }

    /// <summary>The connection caps; read by <see cref="ConnectionQuotas"/> on every accept.</summary>
    private static readonly IReadOnlySet<string> ConnectionNames = new HashSet<string>(StringComparer.Ordinal)
    {
        "max.connections.per.ip", "max.connections.per.ip.overrides", "max.connections",
    };

    /// <summary>The broker configs that can change at runtime: broker-wide defaults of topic configs and the connection caps.</summary>
    public static IReadOnlySet<string> Names { get; } = new HashSet<string>(
    [
        "log.retention.ms", "log.retention.bytes", "log.segment.bytes", "log.roll.ms",
        "log.flush.interval.messages", "log.flush.interval.ms", "message.max.bytes",
        .. ConnectionNames,
    ], StringComparer.Ordinal);

    /// <summary>Where a dynamic broker config's current value comes from; null when it is not set dynamically.</summary>
    public ConfigSource? SourceOf(string name)
    {
        lock (_gate)
        {
            return _broker.ContainsKey(name) ? ConfigSource.DynamicBrokerConfig
                : _default.ContainsKey(name) ? ConfigSource.DynamicDefaultBrokerConfig
                : null;
        }
    }

    /// <summary>The value set at <paramref name="source"/>'s level, or the static one for any other source.</summary>
    public string? ValueAt(string name, ConfigSource source)
    {
        lock (_gate)
        {
            return source switch
            {
                ConfigSource.DynamicBrokerConfig => _broker.GetValueOrDefault(name),
                ConfigSource.DynamicDefaultBrokerConfig => _default.GetValueOrDefault(name),
                _ => _static.GetValueOrDefault(name),
            };
        }
    }

    /// <summary>The cluster-wide defaults set so far (what DescribeConfigs lists for the BROKER resource with an empty name).</summary>
    public IReadOnlyDictionary<string, string> ClusterDefaults()
    {
        lock (_gate)
        {
            return new Dictionary<string, string>(_default, StringComparer.Ordinal);
        }
    }

    /// <summary>
    /// Changes one level (<paramref name="clusterDefault"/>: the empty resource name) with <paramref name="change"/>,
    /// which gets the level's current configs and returns the new ones. Every name must be in <see cref="Names"/>
    /// (INVALID_REQUEST, as Kafka answers for a config that cannot change dynamically) with a valid value
    /// (INVALID_CONFIG); validate_only stops there; a failed write is KAFKA_STORAGE_ERROR and changes nothing.
    /// </summary>
    public TopicResult Alter(bool clusterDefault, Func<IReadOnlyDictionary<string, string>, (TopicResult Result, Dictionary<string, string>? Configs)> change, bool validateOnly)
    {
        lock (_gate)
        {
            var (result, configs) = change(clusterDefault ? _default : _broker);
            if (!result.Succeeded || configs is null)
            {
                return result;
            }

            if (configs.Keys.FirstOrDefault(n => !Names.Contains(n)) is { } fixedName)
            {
                return new TopicResult(ErrorCode.InvalidRequest,
                    $"Cannot update these configs dynamically: {fixedName}. This broker changes {string.Join(", ", Names.Order(StringComparer.Ordinal))} at runtime; set the others in its options and restart.");
            }

            foreach (var (name, value) in configs)
            {
                if (Problem(name, value) is { } problem)
                {
                    return new TopicResult(ErrorCode.InvalidConfig, $"Invalid value {value} for {name}: {problem}");
                }
            }

            if (Effective("max.connections.per.ip", clusterDefault, configs) == "0" && Effective("max.connections.per.ip.overrides", clusterDefault, configs) is null or "")
            {
                // Kafka's rule: with a zero default and no overrides no client at all could connect.
                return new TopicResult(ErrorCode.InvalidConfig, "max.connections.per.ip can be set to zero only if max.connections.per.ip.overrides is set");
            }

            if (validateOnly)
            {
                return TopicResult.Ok;
            }

            var broker = clusterDefault ? _broker : configs;
            var defaults = clusterDefault ? configs : _default;
            try
            {
                Persist(broker, defaults);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                _logger.LogError(ex, "Could not persist dynamic broker configs to {Path}", _path);
                return new TopicResult(ErrorCode.KafkaStorageError, $"Could not persist the broker configs: {ex.Message}");
            }

            _broker = broker;
            _default = defaults;
            Apply();
            _logger.LogInformation("Dynamic broker configs now: {Configs}", string.Join(", ", Names.Order(StringComparer.Ordinal).Select(n => $"{n}={BrokerConfigDescriber.OptionValue(n, _options)}")));
            return TopicResult.Ok;
        }
    }

    /// <summary>Why <paramref name="value"/> is not valid for <paramref name="name"/>; null when it is.</summary>
    private static string? Problem(string name, string value)
    {
        if (!ConnectionNames.Contains(name))
        {
            return TopicConfig.Validate(TopicConfig.Names.First(t => TopicConfig.BrokerSynonym(t) == name), value);
        }

        try
        {
            new BrokerOptions().Set(name, value);
            return null;
        }
        catch (ArgumentException ex)
        {
            return ex.Message;
        }
    }

    /// <summary>Under the lock: the value <paramref name="name"/> would have once the level is replaced by <paramref name="configs"/>.</summary>
    private string? Effective(string name, bool clusterDefault, Dictionary<string, string> configs) =>
        (clusterDefault ? _broker : configs).GetValueOrDefault(name)
        ?? (clusterDefault ? configs : _default).GetValueOrDefault(name)
        ?? _static[name];

    /// <summary>Under the lock: the effective value of every dynamic name into the live options, then into every partition log.</summary>
    private void Apply()
    {
        foreach (var name in Names)
        {
            _options.Set(name, _broker.GetValueOrDefault(name) ?? _default.GetValueOrDefault(name) ?? _static[name]);
        }

        _topics.RefreshConfigs();
    }

    private void Load()
    {
        if (!File.Exists(_path))
        {
            return;
        }

        foreach (var line in File.ReadAllLines(_path))
        {
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (space < 0 || equals < space)
            {
                continue;
            }

            var name = line[(space + 1)..equals];
            if (!Names.Contains(name))
            {
                _logger.LogWarning("Ignoring dynamic broker config {Name} in {Path}: it cannot change at runtime", name, _path);
                continue;
            }

            (line[..space] == DefaultScope ? _default : _broker)[name] = line[(equals + 1)..];
        }
    }

    private void Persist(Dictionary<string, string> broker, Dictionary<string, string> defaults)
    {
        var text = new StringBuilder();
        foreach (var (scope, configs) in new[] { (BrokerScope, broker), (DefaultScope, defaults) })
        {
            foreach (var (name, value) in configs.OrderBy(c => c.Key, StringComparer.Ordinal))
            {
                text.Append(CultureInfo.InvariantCulture, $"{scope} {name}={value}\n");
            }
        }

        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        DurableFile.Replace(_path, Encoding.UTF8.GetBytes(text.ToString()));
    }
}
