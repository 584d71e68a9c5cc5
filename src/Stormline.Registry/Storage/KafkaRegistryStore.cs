using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace Stormline.Registry.Storage;

/// <summary>
/// The registry's records in a one-partition Kafka topic (<c>_schemas</c>). Every registry on the topic reads all of it
/// in order; a write is produced with acks=all and then read back, so the caller sees it in its place among other
/// registries' writes (<see cref="SchemaRegistry"/> resolves conflicts by that order). Not thread-safe: the registry
/// calls it under its lock.
/// </summary>
internal sealed class KafkaRegistryStore : IRegistryStore
{
    private readonly IProducer<byte[], byte[]?> _producer;
    private readonly IConsumer<byte[], byte[]?> _consumer;

    // Asks where the log ends on a connection of its own: behind the reader's long-polling fetch, a broker (which answers
    // a connection's requests in order) would hold the question for up to fetch.wait.max.ms.
    private readonly IConsumer<byte[], byte[]?> _endReader;
    private readonly TopicPartition _partition;
    private readonly TimeSpan _timeout;
    private long _position; // the next offset to read

    private KafkaRegistryStore(string bootstrapServers, string topic, TimeSpan timeout, ILogger logger)
    {
        _timeout = timeout;
        _partition = new TopicPartition(topic, 0);
        Location = $"{topic}@{bootstrapServers}";
        _producer = new ProducerBuilder<byte[], byte[]?>(new ProducerConfig
        {
            BootstrapServers = bootstrapServers,
            Acks = Acks.All,
            EnableIdempotence = true, // a retried produce must not reorder or repeat records: their order allocates ids
            LingerMs = 0,
            MessageTimeoutMs = (int)timeout.TotalMilliseconds,
        }).SetLogHandler((_, message) => RegistryLog.KafkaClient(logger, message)).Build();
        var consumerConfig = new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            GroupId = "stormline-registry-reader", // required by the client; partitions are assigned, so no group is joined
            EnableAutoCommit = false,
            EnablePartitionEof = true,
            FetchWaitMaxMs = 50, // how stale another registry's write may be when a write here reads to the end
        };
        _consumer = new ConsumerBuilder<byte[], byte[]?>(consumerConfig).SetLogHandler((_, message) => RegistryLog.KafkaClient(logger, message)).Build();
        _endReader = new ConsumerBuilder<byte[], byte[]?>(consumerConfig).SetLogHandler((_, message) => RegistryLog.KafkaClient(logger, message)).Build();
        _consumer.Assign(new TopicPartitionOffset(_partition, Offset.Beginning));
    }

    public string Location { get; }

    public static KafkaRegistryStore Open(string bootstrapServers, string topic, TimeSpan timeout, ILogger logger)
    {
        SchemasTopic.Ensure(bootstrapServers, topic, timeout, logger);
        return new KafkaRegistryStore(bootstrapServers, topic, timeout, logger);
    }

    public IReadOnlyList<LogRecord> ReadNew(bool toEnd)
    {
        var records = new List<StoredRecord>();
        if (toEnd)
        {
            ReadUntil(QueryEnd(), [], records);
        }
        else
        {
            // Whatever the client has fetched already: no round trip to the broker.
            while (_consumer.Consume(TimeSpan.Zero) is { } result)
            {
                Take(result, [], records);
            }
        }

        return [.. records.Select(r => r.Record)];
    }

    public IReadOnlyList<StoredRecord> Append(IReadOnlyList<LogRecord> records)
    {
        // Delivery reports arrive on the client's own thread, so waiting here needs no thread-pool thread (the caller holds
        // a request thread under the registry's lock; sync-over-async would wait for the pool to grow under load).
        var offsets = new long[records.Count];
        var errors = new List<string>();
        var delivered = new CountdownEvent(records.Count); // disposed only once every report came: a late one still signals it
        try
        {
            for (var i = 0; i < records.Count; i++)
            {
                var index = i;
                var (key, value) = SchemasTopicFormat.Encode(records[i]);
                _producer.Produce(_partition, new Message<byte[], byte[]?> { Key = key, Value = value }, report =>
                {
                    if (report.Error.IsError)
                    {
                        lock (errors)
                        {
                            errors.Add(report.Error.Reason);
                        }
                    }

                    offsets[index] = report.Offset.Value;
                    delivered.Signal();
                });
            }
        }
        catch (Exception ex) when (ex is ProduceException<byte[], byte[]?> or KafkaException)
        {
            throw new IOException($"writing to {Location} failed: {ex.Message}", ex);
        }

        if (!delivered.Wait(_timeout))
        {
            throw new IOException($"writing to {Location} failed: no acknowledgement within {_timeout.TotalSeconds:0} s");
        }

        delivered.Dispose();
        if (errors.Count > 0)
        {
            throw new IOException($"writing to {Location} failed: {string.Join("; ", errors)}");
        }

        var own = offsets.ToHashSet();
        // Fast path: our records sit right after what was read, so no other registry's record came between; apply them
        // without waiting for the consumer, which skips them when they arrive.
        if (own.Min() == _position && own.Max() == _position + records.Count - 1)
        {
            _position = own.Max() + 1;
            return [.. records.Select(r => new StoredRecord(r, Own: true))];
        }

        var read = new List<StoredRecord>();
        ReadUntil(own.Max() + 1, own, read);
        return read;
    }

    public void Dispose()
    {
        _consumer.Close();
        _consumer.Dispose();
        _endReader.Dispose();
        _producer.Dispose();
    }

    private long QueryEnd()
    {
        try
        {
            return _endReader.QueryWatermarkOffsets(_partition, _timeout).High.Value;
        }
        catch (KafkaException ex)
        {
            throw new IOException($"reading the end of {Location} failed: {ex.Message}", ex);
        }
    }

    private void ReadUntil(long end, HashSet<long> own, List<StoredRecord> into)
    {
        var deadline = DateTime.UtcNow + _timeout;
        while (_position < end)
        {
            var left = deadline - DateTime.UtcNow;
            var result = left > TimeSpan.Zero ? _consumer.Consume(left) : null;
            if (result is null)
            {
                throw new IOException($"reading {Location} up to offset {end} timed out at offset {_position}");
            }

            Take(result, own, into);
        }
    }

    private void Take(ConsumeResult<byte[], byte[]?> result, HashSet<long> own, List<StoredRecord> into)
    {
        if (result.IsPartitionEOF)
        {
            _position = Math.Max(_position, result.Offset.Value); // compaction leaves gaps: the end may lie past the last record
            return;
        }

        if (result.Offset.Value < _position)
        {
            return; // written here and applied already (the fast path of Append)
        }

        _position = result.Offset.Value + 1;
        if (result.Message.Key is { } key && SchemasTopicFormat.Decode(key, result.Message.Value) is { } record)
        {
            into.Add(new StoredRecord(record, own.Contains(result.Offset.Value)));
        }
    }
}
