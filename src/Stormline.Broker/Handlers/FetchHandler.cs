using Stormline.Broker.Protocol;
using Stormline.Broker.Security;
using Stormline.Broker.Server;

namespace Stormline.Broker.Handlers;

/// <summary>
/// Fetch: v4-11 (v4 is the first with record batch v2 and the last stable offset).
/// Behaviour: long polling: answers as soon as min_bytes are available, an error occurs, or max_wait_ms has passed;
/// appends to any partition wake waiting fetches. Returns whole batches starting with the one that holds the fetch
/// offset (clients skip the records before it), at most partition_max_bytes per partition and max_bytes (capped by
/// fetch.max.bytes) per request, but always at least one batch for the first partition with data (KIP-74).
/// Transactions: every partition answers its last stable offset (the first offset of its earliest open transaction,
/// else the high watermark). isolation_level 1 (read_committed) never returns a batch at or past it, and lists the
/// aborted transactions (producer id, first offset) that overlap the returned data, so the client drops their batches;
/// read_uncommitted gets everything below the high watermark and a null list. Control batches (transaction markers)
/// are returned like data; clients skip them. A partition taken offline
/// by a failed fsync answers KAFKA_STORAGE_ERROR; one below its log start offset OFFSET_OUT_OF_RANGE.
/// Version notes: v5 log_start_offset; v7 fetch sessions (answered with session 0: librdkafka uses none);
/// v9 current_leader_epoch; v11 rack_id and preferred_read_replica (always -1).
/// </summary>
internal sealed class FetchHandler(BrokerContext broker) : ApiHandler(broker)
{
    public override ApiKey Key => ApiKey.Fetch;

    public override short MinVersion => 4;

    public override short MaxVersion => 11;

    public override async ValueTask<bool> HandleAsync(Request request, KafkaWriter response, CancellationToken cancellationToken)
    {
        var v = request.Version;
        var body = request.Body;
        body.ReadInt32();
        var maxWaitMs = Math.Max(0, body.ReadInt32());
        var minBytes = body.ReadInt32();
        var maxBytes = body.ReadInt32();
        var readCommitted = body.ReadInt8() == 1;
        if (v >= 7)
        {
            body.ReadInt32();
            body.ReadInt32();
        }

        var topics = body.ReadArray(r => new FetchTopic(
            r.ReadString(),
            r.ReadArray(p => new FetchPartition(
                p.ReadInt32(),
                v >= 9 ? p.ReadInt32() : -1,
                p.ReadInt64(),
                v >= 5 ? p.ReadInt64() : -1,
                p.ReadInt32()))));

        // As Kafka (KafkaApis.handleFetchRequest, KIP-541): the broker's fetch.max.bytes caps what one fetch may
        // return and wait for, whatever the client asks; otherwise one request could pull a whole log into memory.
        // Long polls are the broker's most frequent request: without an authorizer they build no set at all.
        HashSet<string>? unreadable = Broker.Authorizer.Acls is null
            ? null
            : topics.Select(t => t.Name).Where(t => !Broker.Authorizer.AllowsTopic(request, AclOperation.Read, t)).ToHashSet(StringComparer.Ordinal);
        var limit = Math.Min(maxBytes <= 0 ? int.MaxValue : maxBytes, Broker.Options.FetchMaxBytes);
        minBytes = Math.Min(minBytes, limit);
        var deadline = Environment.TickCount64 + maxWaitMs;
        FetchWatch? watch = null;
        List<Log.PartitionLog>? logs = null; // resolved once, at the first wait
        try
        {
            while (true)
            {
                var (results, totalBytes, anyError) = Collect(topics, unreadable, limit, readCommitted);
                var remaining = deadline - Environment.TickCount64;
                if (totalBytes >= Math.Max(1, minBytes) || anyError || remaining <= 0)
                {
                    Write(response, v, topics, results);
                    return true;
                }

                if (watch is null)
                {
                    // Too little to answer yet: register on these partitions, then look once more before waiting, so
                    // an append between the first look and the registration is seen.
                    watch = Broker.Appends.Watch(logs ??= Logs(topics));
                    continue;
                }

                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                var delay = Task.Delay(TimeSpan.FromMilliseconds(remaining), timeout.Token);
                await Task.WhenAny(watch.Appended, delay);
                await timeout.CancelAsync();
                cancellationToken.ThrowIfCancellationRequested();
                watch.Dispose();
                watch = Broker.Appends.Watch(logs ??= Logs(topics));
            }
        }
        finally
        {
            watch?.Dispose();
        }
    }

    /// <summary>The partition logs a fetch reads (those that exist).</summary>
    private List<Log.PartitionLog> Logs(List<FetchTopic> topics)
    {
        var logs = new List<Log.PartitionLog>();
        foreach (var topic in topics)
        {
            if (!Broker.Topics.TryGet(topic.Name, out var found)) continue;
            foreach (var partition in topic.Partitions)
            {
                if (found.Partition(partition.Partition) is { } log) logs.Add(log);
            }
        }
        return logs;
    }

    private (PartitionData[][] Results, long TotalBytes, bool AnyError) Collect(List<FetchTopic> topics, HashSet<string>? unreadable, int maxBytes, bool readCommitted)
    {
        var results = new PartitionData[topics.Count][];
        long total = 0;
        var anyError = false;
        for (var t = 0; t < topics.Count; t++)
        {
            var topic = topics[t];
            Broker.Topics.TryGet(topic.Name, out var found);
            results[t] = new PartitionData[topic.Partitions.Count];
            for (var p = 0; p < topic.Partitions.Count; p++)
            {
                var request = topic.Partitions[p];
                var log = found?.Partition(request.Partition);
                if (unreadable?.Contains(topic.Name) == true)
                {
                    results[t][p] = PartitionData.Failed(ErrorCode.TopicAuthorizationFailed);
                    anyError = true;
                    continue;
                }

                if (log is null)
                {
                    results[t][p] = PartitionData.Failed(ErrorCode.UnknownTopicOrPartition);
                    anyError = true;
                    continue;
                }

                if (log.IsOffline)
                {
                    results[t][p] = PartitionData.Failed(ErrorCode.KafkaStorageError);
                    anyError = true;
                    continue;
                }

                var budget = (int)Math.Min(request.MaxBytes, Math.Max(0, maxBytes - total));
                byte[]? records;
                var stable = log.LastStableOffset;
                List<Producers.AbortedTransaction>? aborted = null;
                try
                {
                    records = budget <= 0 && total > 0 ? [] : log.Read(request.FetchOffset, Math.Max(budget, 1), minOneBatch: total == 0, readCommitted ? stable : long.MaxValue);
                    if (readCommitted)
                    {
                        aborted = records is { Length: > 0 } ? log.AbortedTransactions(request.FetchOffset, NextOffset(records)) : [];
                    }
                }
                catch (ObjectDisposedException)
                {
                    // The topic was deleted while this fetch read it.
                    results[t][p] = PartitionData.Failed(ErrorCode.UnknownTopicOrPartition);
                    anyError = true;
                    continue;
                }

                var hwm = log.HighWatermark;
                var start = log.LogStartOffset;
                if (records is null)
                {
                    results[t][p] = new PartitionData(ErrorCode.OffsetOutOfRange, hwm, Math.Min(stable, hwm), start, null, null);
                    anyError = true;
                    continue;
                }

                total += records.Length;
                results[t][p] = new PartitionData(ErrorCode.None, hwm, Math.Min(stable, hwm), start, records, aborted);
            }
        }

        return (results, total, anyError);
    }

    private static void Write(KafkaWriter response, short v, List<FetchTopic> topics, PartitionData[][] results)
    {
        response.WriteInt32(0);
        if (v >= 7)
        {
            response.WriteInt16(ErrorCode.None);
            response.WriteInt32(0);
        }

        response.WriteArrayLength(topics.Count);
        for (var t = 0; t < topics.Count; t++)
        {
            response.WriteString(topics[t].Name);
            response.WriteArrayLength(topics[t].Partitions.Count);
            for (var p = 0; p < topics[t].Partitions.Count; p++)
            {
                var data = results[t][p];
                response.WriteInt32(topics[t].Partitions[p].Partition);
                response.WriteInt16(data.Error);
                response.WriteInt64(data.HighWatermark);
                response.WriteInt64(data.LastStableOffset);
                if (v >= 5)
                {
                    response.WriteInt64(data.LogStartOffset);
                }

                response.WriteArray(data.Aborted, (w, a) =>
                {
                    w.WriteInt64(a.ProducerId);
                    w.WriteInt64(a.FirstOffset);
                });
                if (v >= 11)
                {
                    response.WriteInt32(-1);
                }

                response.WriteNullableBytes(data.Records is null ? null : data.Records.AsMemory());
            }
        }
    }

    private sealed record FetchTopic(string Name, List<FetchPartition> Partitions);

    private readonly record struct FetchPartition(int Partition, int CurrentLeaderEpoch, long FetchOffset, long LogStartOffset, int MaxBytes);

    /// <summary>The offset after the last batch of <paramref name="records"/> (whole batches, as the log returns them).</summary>
    private static long NextOffset(byte[] records)
    {
        var position = 0;
        var next = -1L;
        while (records.Length - position >= RecordBatch.HeaderSize)
        {
            var header = RecordBatch.ReadHeader(records.AsSpan(position));
            next = header.LastOffset + 1;
            position += header.TotalSize;
        }

        return next;
    }

    private readonly record struct PartitionData(ErrorCode Error, long HighWatermark, long LastStableOffset, long LogStartOffset, byte[]? Records, List<Producers.AbortedTransaction>? Aborted)
    {
        public static PartitionData Failed(ErrorCode error) => new(error, -1, -1, -1, null, null);
    }
}
