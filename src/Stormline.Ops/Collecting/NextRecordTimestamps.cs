using Confluent.Kafka;

namespace Stormline.Ops.Collecting;

/// <summary>
/// Reads the timestamp of the record at a given offset: the next record a lagging group has not consumed, whose age
/// is the group's lag in seconds. One consumer by assignment (it joins no group, commits nothing), one record per partition, and
/// at most <see cref="ClusterCollectorOptions.MaxTimeLagReadsPerPoll"/> reads per poll. The record at an offset never
/// changes, so a group that has not moved since the last poll costs no read at all. Used only by the poll, which is
/// serialised; not thread-safe on its own.
/// </summary>
internal sealed class NextRecordTimestamps : IDisposable
{
    private const string TimeLagClientId = "stormline-ops-time-lag";

    private readonly ClusterCollectorOptions _options;
    private readonly Lazy<IConsumer<Ignore, Ignore>> _consumer;
    private Dictionary<RecordPosition, DateTimeOffset> _known = [];
    private int _rotation;

    public NextRecordTimestamps(ClusterCollectorOptions options)
    {
        _options = options;
        _consumer = new Lazy<IConsumer<Ignore, Ignore>>(() => new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig(new Dictionary<string, string>(options.ClientConfig))
        {
            BootstrapServers = options.BootstrapServers,
            ClientId = TimeLagClientId,

            // librdkafka wants a group id even for a consumer by assignment; it never joins or commits, so the group stays invisible.
            GroupId = TimeLagClientId,
            EnableAutoCommit = false,
            EnableAutoOffsetStore = false,
            EnablePartitionEof = true,

            // One record is wanted: ask for as little as the broker allows (it still returns the first batch whole)
            // and do not prefetch behind it.
            MaxPartitionFetchBytes = 1,
            QueuedMinMessages = 1,

            // A committed offset below the log start points at deleted records: the next one the group would read is the first retained.
            AutoOffsetReset = AutoOffsetReset.Earliest,
        }).SetLogHandler((_, _) => { }).Build());
    }

    /// <summary>
    /// The timestamps of the records at <paramref name="wanted"/>, from the last poll where known and read otherwise
    /// (up to the per-poll cap; the rest are read in turn at the next polls). Positions missing from the answer are unknown.
    /// </summary>
    public async Task<IReadOnlyDictionary<RecordPosition, DateTimeOffset>> ReadAsync(IReadOnlyCollection<RecordPosition> wanted, CancellationToken cancellationToken)
    {
        var known = new Dictionary<RecordPosition, DateTimeOffset>(wanted.Count);
        var missing = new List<RecordPosition>();
        foreach (var position in wanted)
        {
            if (_known.TryGetValue(position, out var at))
            {
                known[position] = at;
            }
            else
            {
                missing.Add(position);
            }
        }

        if (missing.Count > 0)
        {
            var chosen = Rotate(missing, Math.Max(0, _options.MaxTimeLagReadsPerPoll));
            foreach (var (position, at) in await Task.Run(() => Read(chosen, cancellationToken), cancellationToken))
            {
                known[position] = at;
            }
        }

        _known = known; // only what this poll asked for is kept, so memory follows the lagging partitions, not history
        return known;
    }

    // Past the cap, start where the last poll stopped, so a cluster with more lagging partitions than the cap is read in turns.
    private List<RecordPosition> Rotate(List<RecordPosition> missing, int cap)
    {
        if (missing.Count <= cap)
        {
            return missing;
        }

        missing.Sort();
        var start = _rotation % missing.Count;
        _rotation = start + cap;
        return [.. missing.Skip(start).Concat(missing.Take(start)).Take(cap)];
    }

    /// <summary>
    /// Two groups can wait at different offsets of one partition, and an assignment holds one offset per partition:
    /// such positions are read in turns, each turn at most one per partition.
    /// </summary>
    private Dictionary<RecordPosition, DateTimeOffset> Read(List<RecordPosition> positions, CancellationToken cancellationToken)
    {
        var turns = positions.GroupBy(p => (p.Topic, p.Partition))
            .SelectMany(partition => partition.Distinct().Select((position, turn) => (position, turn)))
            .GroupBy(x => x.turn, x => x.position)
            .OrderBy(turn => turn.Key);
        var found = new Dictionary<RecordPosition, DateTimeOffset>(positions.Count);
        foreach (var turn in turns)
        {
            foreach (var (position, at) in ReadTurn([.. turn], cancellationToken))
            {
                found[position] = at;
            }
        }

        return found;
    }

    private Dictionary<RecordPosition, DateTimeOffset> ReadTurn(List<RecordPosition> positions, CancellationToken cancellationToken)
    {
        var found = new Dictionary<RecordPosition, DateTimeOffset>(positions.Count);
        if (positions.Count == 0)
        {
            return found;
        }

        var consumer = _consumer.Value;
        var pending = positions.ToDictionary(p => new TopicPartition(p.Topic, p.Partition));
        consumer.Assign(positions.Select(p => new TopicPartitionOffset(p.Topic, p.Partition, p.Offset)));
        consumer.Resume(pending.Keys); // librdkafka keeps a partition paused across assignments, and the last read paused it
        try
        {
            var deadline = DateTime.UtcNow + _options.RequestTimeout;
            while (pending.Count > 0 && DateTime.UtcNow < deadline && !cancellationToken.IsCancellationRequested)
            {
                ConsumeResult<Ignore, Ignore>? result;
                try
                {
                    result = consumer.Consume(TimeSpan.FromMilliseconds(100));
                }
                catch (ConsumeException ex) when (ex.ConsumerRecord?.TopicPartition is { } failed)
                {
                    pending.Remove(failed); // that partition stays unknown this poll; the others are still read
                    continue;
                }

                if (result is null || !pending.Remove(result.TopicPartition, out var position))
                {
                    continue;
                }

                if (!result.IsPartitionEOF && result.Message.Timestamp.Type != TimestampType.NotAvailable)
                {
                    found[position] = result.Message.Timestamp.UtcDateTime;
                }

                consumer.Pause([result.TopicPartition]); // one record is all this partition needs
            }
        }
        finally
        {
            consumer.Unassign();
        }

        return found;
    }

    public void Dispose()
    {
        if (_consumer.IsValueCreated)
        {
            _consumer.Value.Close();
            _consumer.Value.Dispose();
        }
    }
}
