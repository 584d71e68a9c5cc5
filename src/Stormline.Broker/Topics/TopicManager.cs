using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Stormline.Broker.Log;
using Stormline.Broker.Protocol;
using Stormline.Broker.Server;

namespace Stormline.Broker.Topics;

/// <summary>
/// Owns every topic and its partition logs. Topic metadata (id, partition count, config overrides) is written to
/// <c>meta/topics/NAME.json</c> in the data directory, atomically, before a create or change is acknowledged.
/// Thread-safe: reads are lock-free. The manager's gate guards only the name table and the partition budget and is
/// never held while logs open or close, so creating thousands of partitions (seconds of file work) does not stall
/// other topics' admin requests; changes of one topic are serialised by its own lock, always taken before the gate.
/// A name is reserved while its topic is being created or deleted: another create of it answers TOPIC_ALREADY_EXISTS.
/// </summary>
public sealed class TopicManager : IDisposable
{
    private readonly ConcurrentDictionary<string, Topic> _topics = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>Names being created or deleted, with the partitions they hold in the budget meanwhile; under the gate.</summary>
    private readonly Dictionary<string, int> _reserved = new(StringComparer.Ordinal);
    private readonly BrokerOptions _options;
    private readonly string _dataDirectory;
    private readonly string _metaDirectory;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;

    public TopicManager(BrokerOptions options, string dataDirectory, ILoggerFactory loggerFactory)
    {
        _options = options;
        _dataDirectory = dataDirectory;
        _metaDirectory = Path.Combine(dataDirectory, "meta", "topics");
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<TopicManager>();
        Directory.CreateDirectory(_metaDirectory);
        foreach (var file in Directory.GetFiles(_metaDirectory, "*.json"))
        {
            var record = JsonSerializer.Deserialize(File.ReadAllText(file), TopicMetadataJsonContext.Default.TopicMetadata);
            if (record is null)
            {
                continue;
            }

            var topic = new Topic(record.Name, record.Id, record.Configs);
            topic.SetPartitions(OpenPartitions(topic, 0, record.Partitions, []));
            _topics[topic.Name] = topic;
        }
    }

    /// <summary>Raised after an append to any partition; fetches waiting for data listen to it.</summary>
    public event Action<PartitionLog>? Appended;

    /// <summary>
    /// Most partitions one CreateTopics or CreatePartitions request may add, across all its topics: Kafka's
    /// controller answers POLICY_VIOLATION past 10,000 (MAX_PARTITIONS_PER_BATCH), and a bound keeps one request
    /// from opening millions of files.
    /// </summary>
    public const int MaxPartitionsPerRequest = 10_000;

    public ICollection<Topic> All => _topics.Values;

    public bool TryGet(string name, out Topic topic) => _topics.TryGetValue(name, out topic!);

    public Topic? Find(Guid id) => _topics.Values.FirstOrDefault(t => t.Id == id);

    public TopicResult Create(string name, int partitions, IReadOnlyDictionary<string, string?> configs, bool validateOnly = false)
    {
        if (TopicNames.Validate(name) is { } invalid)
        {
            return new TopicResult(ErrorCode.InvalidTopicException, invalid);
        }

        if (partitions <= 0)
        {
            return new TopicResult(ErrorCode.InvalidPartitions, $"Number of partitions must be larger than 0, not {partitions}");
        }

        var overrides = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in configs)
        {
            if (TopicConfig.Validate(key, value) is { } problem)
            {
                return new TopicResult(ErrorCode.InvalidConfig, problem);
            }

            if (value is not null)
            {
                overrides[key] = value;
            }
        }

        lock (_gate)
        {
            if (_topics.ContainsKey(name) || _reserved.ContainsKey(name))
            {
                return new TopicResult(ErrorCode.TopicAlreadyExists, $"Topic '{name}' already exists.");
            }

            if (ExceedsPartitionLimit(partitions) is { } tooMany)
            {
                return tooMany;
            }

            if (validateOnly)
            {
                return TopicResult.Ok;
            }

            _reserved[name] = partitions;
        }

        var topic = new Topic(name, Guid.NewGuid(), overrides);
        try
        {
            Persist(topic, partitions);
            topic.SetPartitions(OpenPartitions(topic, 0, partitions, []));
        }
        catch
        {
            Release(name);
            throw;
        }

        lock (_gate)
        {
            _topics[name] = topic;
            _reserved.Remove(name);
        }

        _logger.LogInformation("Created topic {Topic} with {Partitions} partition(s)", name, partitions);
        return TopicResult.Ok;
    }

    /// <summary>Creates a topic with the broker defaults if auto-creation is on; the outcome for Metadata/Produce.</summary>
    public Topic? GetOrAutoCreate(string name, bool allowed)
    {
        if (_topics.TryGetValue(name, out var topic))
        {
            return topic;
        }

        if (!allowed || !_options.AutoCreateTopics || TopicNames.Validate(name) is not null)
        {
            return null;
        }

        Create(name, _options.DefaultPartitions, new Dictionary<string, string?>());
        return _topics.GetValueOrDefault(name);
    }

    public TopicResult Delete(string name)
    {
        while (_topics.TryGetValue(name, out var topic))
        {
            lock (topic.Changes)
            {
                lock (_gate)
                {
                    if (!_topics.TryGetValue(name, out var current) || current != topic)
                    {
                        // Deleted (and perhaps created anew) while this waited for the topic's lock: look again.
                        continue;
                    }

                    File.Delete(MetaPath(name));
                    _topics.TryRemove(name, out _);
                    _reserved[name] = 0;
                }

                try
                {
                    foreach (var partition in topic.Partitions)
                    {
                        partition.Close(deleteFiles: true);
                    }
                }
                finally
                {
                    Release(name);
                }

                _logger.LogInformation("Deleted topic {Topic}", name);
                return TopicResult.Ok;
            }
        }

        return new TopicResult(ErrorCode.UnknownTopicOrPartition, $"Topic '{name}' does not exist.");
    }

    public TopicResult AddPartitions(string name, int totalCount, bool validateOnly)
    {
        if (!_topics.TryGetValue(name, out var topic))
        {
            return new TopicResult(ErrorCode.UnknownTopicOrPartition, $"Topic '{name}' does not exist.");
        }

        lock (topic.Changes)
        {
            int current;
            lock (_gate)
            {
                if (!_topics.TryGetValue(name, out var live) || live != topic)
                {
                    return new TopicResult(ErrorCode.UnknownTopicOrPartition, $"Topic '{name}' does not exist.");
                }

                current = topic.Partitions.Count;
                if (totalCount <= current)
                {
                    return new TopicResult(ErrorCode.InvalidPartitions, $"Topic '{name}' has {current} partitions; the new count must be larger, not {totalCount}.");
                }

                if (ExceedsPartitionLimit(totalCount - current) is { } tooMany)
                {
                    return tooMany;
                }

                if (validateOnly)
                {
                    return TopicResult.Ok;
                }

                _reserved[name] = totalCount - current;
            }

            PartitionLog[] partitions;
            try
            {
                Persist(topic, totalCount);
                partitions = OpenPartitions(topic, current, totalCount, topic.Partitions);
            }
            catch
            {
                Release(name);
                throw;
            }

            lock (_gate)
            {
                topic.SetPartitions(partitions);
                _reserved.Remove(name);
            }

            return TopicResult.Ok;
        }
    }

    /// <summary>
    /// Computes new overrides from the current ones under the topic lock (so concurrent changes cannot lose each
    /// other), validates every changed value, persists them and only then applies them to every partition's log.
    /// An unknown topic is reported before anything about the configs, as Kafka orders its errors; a failed write is
    /// KAFKA_STORAGE_ERROR and changes nothing.
    /// </summary>
    public TopicResult UpdateConfigs(
        string name,
        Func<IReadOnlyDictionary<string, string>, (TopicResult Result, IReadOnlyDictionary<string, string>? Overrides)> change,
        bool validateOnly)
    {
        if (!_topics.TryGetValue(name, out var topic))
        {
            return new TopicResult(ErrorCode.UnknownTopicOrPartition, $"Topic '{name}' does not exist.");
        }

        // The topic's lock keeps partitions being added from opening with the configs this replaces.
        lock (topic.Changes)
        lock (_gate)
        {
            if (!_topics.TryGetValue(name, out var live) || live != topic)
            {
                return new TopicResult(ErrorCode.UnknownTopicOrPartition, $"Topic '{name}' does not exist.");
            }

            var (result, overrides) = change(topic.Configs);
            if (!result.Succeeded || overrides is null)
            {
                return result.Succeeded ? new TopicResult(ErrorCode.InvalidRequest, "No configs to apply") : result;
            }

            foreach (var (key, value) in overrides)
            {
                if ((!topic.Configs.TryGetValue(key, out var old) || old != value) && TopicConfig.Validate(key, value) is { } problem)
                {
                    return new TopicResult(ErrorCode.InvalidConfig, problem);
                }
            }

            if (validateOnly)
            {
                return TopicResult.Ok;
            }

            var configs = new Dictionary<string, string>(overrides, StringComparer.Ordinal);
            try
            {
                Persist(topic, topic.Partitions.Count, configs);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Nothing changed: the live configs are swapped only after the new ones are on disk.
                _logger.LogError(ex, "Could not persist configs of topic {Topic}", name);
                return new TopicResult(ErrorCode.KafkaStorageError, $"Could not persist the configs of topic '{name}': {ex.Message}");
            }

            topic.Configs = configs;
            var config = TopicConfig.Resolve(configs, _options);
            foreach (var partition in topic.Partitions)
            {
                partition.Config = config;
            }

            _logger.LogInformation("Changed configs of topic {Topic}: {Configs}", name, string.Join(", ", configs.Select(c => $"{c.Key}={c.Value}")));
            return TopicResult.Ok;
        }
    }

    /// <summary>The broker-wide defaults changed (dynamic broker configs): every partition log takes its topic's configs anew.</summary>
    internal void RefreshConfigs()
    {
        lock (_gate)
        {
            foreach (var topic in _topics.Values)
            {
                var config = TopicConfig.Resolve(topic.Configs, _options);
                foreach (var partition in topic.Partitions)
                {
                    partition.Config = config;
                }
            }
        }
    }

    /// <summary>Replaces the topic's overrides; the change reaches every partition's log at once.</summary>
    public TopicResult SetConfigs(string name, IReadOnlyDictionary<string, string> overrides, bool validateOnly)
    {
        foreach (var (key, value) in overrides)
        {
            if (TopicConfig.Validate(key, value) is { } problem)
            {
                return new TopicResult(ErrorCode.InvalidConfig, problem);
            }
        }

        if (!_topics.TryGetValue(name, out var topic))
        {
            return new TopicResult(ErrorCode.UnknownTopicOrPartition, $"Topic '{name}' does not exist.");
        }

        lock (topic.Changes)
        lock (_gate)
        {
            if (!_topics.TryGetValue(name, out var live) || live != topic)
            {
                return new TopicResult(ErrorCode.UnknownTopicOrPartition, $"Topic '{name}' does not exist.");
            }

            if (validateOnly)
            {
                return TopicResult.Ok;
            }

            topic.Configs = new Dictionary<string, string>(overrides, StringComparer.Ordinal);
            Persist(topic, topic.Partitions.Count);
            var config = TopicConfig.Resolve(topic.Configs, _options);
            foreach (var partition in topic.Partitions)
            {
                partition.Config = config;
            }

            return TopicResult.Ok;
        }
    }

    /// <summary>Caller holds the gate. Partitions still opening count as held.</summary>
    private TopicResult? ExceedsPartitionLimit(int added)
    {
        var total = _topics.Values.Sum(t => (long)t.Partitions.Count) + _reserved.Values.Sum();
        return total + added > _options.MaxPartitions
            ? new TopicResult(ErrorCode.PolicyViolation, $"This broker holds {total} partitions; {added} more would exceed its limit of {_options.MaxPartitions}.")
            : null;
    }

    /// <summary>Ends the reservation a create, delete or partition increase took on <paramref name="name"/>.</summary>
    private void Release(string name)
    {
        lock (_gate)
        {
            _reserved.Remove(name);
        }
    }

    private PartitionLog[] OpenPartitions(Topic topic, int from, int to, IReadOnlyList<PartitionLog> existing)
    {
        var config = TopicConfig.Resolve(topic.Configs, _options);
        var logs = new PartitionLog[to];
        for (var i = 0; i < to; i++)
        {
            if (i < from)
            {
                logs[i] = existing[i];
                continue;
            }

            var directory = Path.Combine(_dataDirectory, LogFiles.PartitionDirectoryName(topic.Name, i));
            var log = PartitionLog.Open(directory, topic.Name, i, config, _loggerFactory.CreateLogger<PartitionLog>(), fileSystem: _options.LogFileSystem);
            log.Appended += p => Appended?.Invoke(p);
            logs[i] = log;
        }

        return logs;
    }

    private string MetaPath(string name) => Path.Combine(_metaDirectory, name + ".json");

    private void Persist(Topic topic, int partitions, IReadOnlyDictionary<string, string>? configs = null)
    {
        var record = new TopicMetadata(topic.Name, topic.Id, partitions, new Dictionary<string, string>(configs ?? topic.Configs));
        DurableFile.Replace(MetaPath(topic.Name), JsonSerializer.SerializeToUtf8Bytes(record, TopicMetadataJsonContext.Default.TopicMetadata));
    }

    /// <summary>Runs retention and the flush.ms policy on every partition (the broker calls it on a timer).</summary>
    public void RunMaintenance(long nowMs, bool retention)
    {
        foreach (var topic in _topics.Values)
        {
            foreach (var partition in topic.Partitions)
            {
                try
                {
                    partition.FlushIfDue();
                    if (retention)
                    {
                        partition.EnforceRetention(nowMs);
                    }
                }
                catch (ObjectDisposedException)
                {
                    // The topic was deleted while maintenance ran.
                }
            }
        }
    }

    public void Dispose()
    {
        foreach (var topic in _topics.Values)
        {
            foreach (var partition in topic.Partitions)
            {
                partition.Dispose();
            }
        }
    }
}
