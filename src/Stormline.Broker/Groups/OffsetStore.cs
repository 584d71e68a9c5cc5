using Microsoft.Extensions.Logging;
using Stormline.Broker.Server;

namespace Stormline.Broker.Groups;

/// <summary>
/// The committed offsets of every group, kept in memory and made durable in <see cref="OffsetLog"/>
/// (<c>meta/consumer-offsets.log</c> in the data directory): <see cref="Commit"/> and <see cref="DeleteGroup"/>
/// write to the OS before they return, so an acknowledged commit survives a broker restart and a SIGKILL.
/// On open the log is replayed and rewritten with only the live offsets (compaction); it is compacted again when
/// it has grown to several times the live data. Commits are fsynced by the broker's flush policy, as Kafka's
/// __consumer_offsets topic is: every <c>log.flush.interval.messages</c> commits, or by the first commit once the
/// oldest unflushed one is <c>log.flush.interval.ms</c> old (both read at each commit, so dynamic changes apply);
/// under <c>log.flush.interval.messages=1</c> an acknowledged commit survives a power loss. Offsets go with their
/// group (DeleteGroups), their topic (DeleteTopics), one by one (OffsetDelete) or when they expire (the coordinator
/// decides which, offsets.retention.minutes).
/// Thread-safe: every call is serialised by one lock; callers may hold a group's lock (lock order: group, store).
/// </summary>
internal sealed class OffsetStore : IDisposable
{
    /// <summary>Kafka's offset.metadata.max.bytes default: longer metadata gets OFFSET_METADATA_TOO_LARGE.</summary>
    public const int MaxMetadataLength = 4096;

    private const string FileName = "consumer-offsets.log";
    private const int MinRecordsBeforeCompaction = 1000;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, Dictionary<(string Topic, int Partition), CommittedOffset>> _groups = new(StringComparer.Ordinal);
    private readonly string _path;
    private readonly ILogger _logger;
    private readonly BrokerOptions? _flushPolicy;
    private OffsetLog _log;
    private long _recordsInLog;
    private long _unflushedCommits;
    private long _firstUnflushedMs;
    private long _fsyncCount;

    /// <param name="flushPolicy">Whose log.flush.interval.messages / .ms apply; null: never fsync commits.</param>
    public OffsetStore(string dataDirectory, ILogger logger, BrokerOptions? flushPolicy = null)
    {
        _logger = logger;
        _flushPolicy = flushPolicy;
        var meta = Path.Combine(dataDirectory, "meta");
        Directory.CreateDirectory(meta);
        _path = Path.Combine(meta, FileName);
        foreach (var entry in OffsetLog.ReadAll(_path, logger))
        {
            Apply(entry);
        }

        _log = OffsetLog.Rewrite(_path, LiveEntries());
        _recordsInLog = _groups.Count;
        if (_groups.Count > 0)
        {
            _logger.LogInformation("Loaded committed offsets of {Groups} group(s) from {Path}", _groups.Count, _path);
        }
    }

    /// <summary>fsyncs of the offsets log by the flush policy so far (tests).</summary>
    internal long FsyncCount => Interlocked.Read(ref _fsyncCount);

    /// <summary>Groups that have at least one committed offset.</summary>
    public IReadOnlyList<string> GroupIds()
    {
        lock (_gate)
        {
            return [.. _groups.Keys];
        }
    }

    public bool HasOffsets(string groupId)
    {
        lock (_gate)
        {
            return _groups.ContainsKey(groupId);
        }
    }

    /// <summary>
    /// Records the offsets; they are in the OS (durable across a crash of this process) when this returns, and on
    /// disk when the flush policy called for an fsync.
    /// </summary>
    /// <exception cref="IOException">
    /// The log could not be written or fsynced; nothing was committed (after a failed fsync the record may still
    /// reappear after a restart, as a commit whose answer was lost may).
    /// </exception>
    public void Commit(string groupId, IReadOnlyList<PartitionOffset> offsets)
    {
        if (offsets.Count == 0)
        {
            return;
        }

        lock (_gate)
        {
            var entry = new OffsetLog.Commit(groupId, offsets);
            _log.Append(entry);
            FsyncIfDue();
            Apply(entry);
            _recordsInLog++;
            CompactIfDue();
        }
    }

    public CommittedOffset? Get(string groupId, string topic, int partition)
    {
        lock (_gate)
        {
            return _groups.TryGetValue(groupId, out var offsets) && offsets.TryGetValue((topic, partition), out var committed) ? committed : null;
        }
    }

    /// <summary>Every committed offset of the group, ordered by topic and partition.</summary>
    public IReadOnlyList<PartitionOffset> GetAll(string groupId)
    {
        lock (_gate)
        {
            return _groups.TryGetValue(groupId, out var offsets)
                ? [.. offsets.OrderBy(o => o.Key.Topic, StringComparer.Ordinal).ThenBy(o => o.Key.Partition).Select(o => new PartitionOffset(o.Key.Topic, o.Key.Partition, o.Value))]
                : [];
        }
    }

    /// <summary>Forgets every offset of the group, durably.</summary>
    /// <exception cref="IOException">The log could not be written; nothing was deleted.</exception>
    public void DeleteGroup(string groupId)
    {
        lock (_gate)
        {
            if (!_groups.ContainsKey(groupId))
            {
                return;
            }

            Append(new OffsetLog.DeleteGroup(groupId));
        }
    }

    /// <summary>Forgets the named offsets of the group, durably; returns how many it held.</summary>
    /// <exception cref="IOException">The log could not be written; nothing was deleted.</exception>
    public int DeleteOffsets(string groupId, IReadOnlyList<(string Topic, int Partition)> partitions)
    {
        lock (_gate)
        {
            if (!_groups.TryGetValue(groupId, out var offsets))
            {
                return 0;
            }

            var held = partitions.Where(offsets.ContainsKey).Distinct().ToList();
            if (held.Count > 0)
            {
                Append(new OffsetLog.DeleteOffsets(groupId, held));
            }

            return held.Count;
        }
    }

    /// <summary>
    /// Forgets the topic's offsets in every group with one durable record, so a re-created topic starts without them;
    /// returns the groups that held some.
    /// </summary>
    /// <exception cref="IOException">The log could not be written; nothing was deleted.</exception>
    public IReadOnlyList<string> DeleteTopic(string topic)
    {
        lock (_gate)
        {
            List<string> holders = [.. _groups.Where(g => g.Value.Keys.Any(k => k.Topic == topic)).Select(g => g.Key)];
            if (holders.Count > 0)
            {
                Append(new OffsetLog.DeleteTopic(topic));
            }

            return holders;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _log.Dispose();
        }
    }

    /// <summary>Writes first, then changes memory: a failed write leaves both as they were.</summary>
    private void Append(OffsetLog.Entry entry)
    {
        _log.Append(entry);
        Apply(entry);
        _recordsInLog++;
    }

    private void FsyncIfDue()
    {
        if (_flushPolicy is null)
        {
            return;
        }

        var now = Environment.TickCount64;
        if (_unflushedCommits++ == 0)
        {
            _firstUnflushedMs = now;
        }

        if (_unflushedCommits < _flushPolicy.FlushIntervalMessages && now - _firstUnflushedMs < _flushPolicy.FlushIntervalMs)
        {
            return;
        }

        _log.Fsync();
        _unflushedCommits = 0;
        Interlocked.Increment(ref _fsyncCount);
    }

    private void Apply(OffsetLog.Entry entry)
    {
        switch (entry)
        {
            case OffsetLog.Commit commit:
                if (!_groups.TryGetValue(commit.GroupId, out var offsets))
                {
                    offsets = [];
                    _groups[commit.GroupId] = offsets;
                }

                foreach (var (topic, partition, committed) in commit.Offsets)
                {
                    offsets[(topic, partition)] = committed;
                }

                break;
            case OffsetLog.DeleteGroup delete:
                _groups.Remove(delete.GroupId);
                break;
            case OffsetLog.DeleteOffsets delete when _groups.TryGetValue(delete.GroupId, out var held):
                foreach (var partition in delete.Partitions)
                {
                    held.Remove(partition);
                }

                RemoveIfEmpty(delete.GroupId, held);
                break;
            case OffsetLog.DeleteTopic delete:
                foreach (var (groupId, held) in _groups.ToList())
                {
                    foreach (var key in held.Keys.Where(k => k.Topic == delete.Topic).ToList())
                    {
                        held.Remove(key);
                    }

                    RemoveIfEmpty(groupId, held);
                }

                break;
        }
    }

    private void RemoveIfEmpty(string groupId, Dictionary<(string Topic, int Partition), CommittedOffset> held)
    {
        if (held.Count == 0)
        {
            _groups.Remove(groupId);
        }
    }

    private IEnumerable<OffsetLog.Entry> LiveEntries() =>
        _groups.Select(g => new OffsetLog.Commit(g.Key, [.. g.Value.Select(o => new PartitionOffset(o.Key.Topic, o.Key.Partition, o.Value))]));

    private void CompactIfDue()
    {
        var live = _groups.Values.Sum(g => (long)g.Count);
        if (_recordsInLog < MinRecordsBeforeCompaction || _recordsInLog < 4 * live)
        {
            return;
        }

        try
        {
            _log.Dispose();
            _log = OffsetLog.Rewrite(_path, LiveEntries());
            _recordsInLog = _groups.Count;
        }
        catch (IOException ex)
        {
            // The old file is still complete (the rewrite replaces it atomically); keep appending to it.
            _logger.LogError(ex, "Compacting {Path} failed", _path);
            _log = OffsetLog.Reopen(_path);
        }
    }
}
