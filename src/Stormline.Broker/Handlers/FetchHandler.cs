using Stormline.Broker.Protocol;
using Stormline.Broker.Protocol.Messages;
using Stormline.Broker.Security;
using Stormline.Broker.Server;
using Stormline.Broker.Topics;
using PartitionResult = Stormline.Broker.Protocol.Messages.FetchResponse.PartitionData;

namespace Stormline.Broker.Handlers;

/// <summary>
/// Fetch: v4-17 (v4 is the first with record batch v2 and the last stable offset), flexible from v12.
/// Behaviour: long polling: answers as soon as min_bytes are available, an error occurs, or max_wait_ms has passed;
/// an append wakes the fetches waiting on its partition. Returns whole batches starting with the one that holds the
/// fetch offset (clients skip the records before it), at most partition_max_bytes per partition and max_bytes (capped
/// by fetch.max.bytes) per request, but always at least one batch for the first partition with data (KIP-74). The
/// records are the log's bytes as read, written once into the response frame (no intermediate copy).
/// Transactions: every partition answers its last stable offset (the first offset of its earliest open transaction,
/// else the high watermark). isolation_level 1 (read_committed) never returns a batch at or past it, and lists the
/// aborted transactions (producer id, first offset) that overlap the returned data, so the client drops their batches;
/// read_uncommitted gets everything below the high watermark and a null list. Control batches (transaction markers)
/// are returned like data; clients skip them.
/// Errors, in Kafka's order (KafkaApis.handleFetchRequest): an unknown topic id UNKNOWN_TOPIC_ID (v13+), no READ
/// TOPIC_AUTHORIZATION_FAILED, an unknown topic or partition UNKNOWN_TOPIC_OR_PARTITION; a partition taken offline
/// by a failed fsync KAFKA_STORAGE_ERROR (NOT_LEADER_OR_FOLLOWER for v4-5, which do not know it); an offset outside
/// the log OFFSET_OUT_OF_RANGE.
/// Version notes: v5 log_start_offset; v7 fetch sessions (answered with session 0: librdkafka uses none);
/// v9 current_leader_epoch; v11 rack_id and preferred_read_replica (always -1); v12 flexible, last_fetched_epoch
/// (leadership never moves, so no diverging epoch); v13 topic ids instead of names (KIP-516), in the request and the
/// answer; v15 replica_state replaces replica_id (only followers set it); v16 node_endpoints for leader changes
/// (KIP-951: none here, there is one leader); v17 replica_directory_id (followers only).
/// </summary>
internal sealed class FetchHandler(BrokerContext broker) : MessageHandler<FetchRequest, FetchResponse>(broker)
{
    public override ApiKey Key => ApiKey.Fetch;

    public override short MinVersion => 4;

    public override short MaxVersion => 17;

    protected override async ValueTask<FetchResponse> HandleAsync(Request request, FetchRequest message, CancellationToken cancellationToken)
    {
        var topics = Resolve(request, message.Topics, byId: request.Version >= 13);
        var readCommitted = message.IsolationLevel == 1;

        // As Kafka (KafkaApis.handleFetchRequest, KIP-541): the broker's fetch.max.bytes caps what one fetch may
        // return and wait for, whatever the client asks; otherwise one request could pull a whole log into memory.
        var limit = Math.Min(message.MaxBytes <= 0 ? int.MaxValue : message.MaxBytes, Broker.Options.FetchMaxBytes);
        var minBytes = Math.Min(message.MinBytes, limit);
        var deadline = Environment.TickCount64 + Math.Max(0, message.MaxWaitMs);
        FetchWatch? watch = null;
        List<Log.PartitionLog>? logs = null; // resolved once, at the first wait
        try
        {
            while (true)
            {
                var (response, totalBytes, anyError) = Collect(request.Version, message.Topics, topics, limit, readCommitted);
                var remaining = deadline - Environment.TickCount64;
                if (totalBytes >= Math.Max(1, minBytes) || anyError || remaining <= 0)
                {
                    return response;
                }

                if (watch is null)
                {
                    // Too little to answer yet: register on these partitions, then look once more before waiting, so
                    // an append between the first look and the registration is seen.
                    watch = Broker.Appends.Watch(logs ??= Logs(message.Topics, topics));
                    continue;
                }

                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                var delay = Task.Delay(TimeSpan.FromMilliseconds(remaining), timeout.Token);
                await Task.WhenAny(watch.Appended, delay);
                await timeout.CancelAsync();
                cancellationToken.ThrowIfCancellationRequested();
                watch.Dispose();
                watch = Broker.Appends.Watch(logs ??= Logs(message.Topics, topics));
            }
        }
        finally
        {
            watch?.Dispose();
        }
    }

    /// <summary>
    /// Each requested topic's topic (null when unknown) or, when it may not be read or its id is unknown, the error all
    /// its partitions answer. Resolved once: a topic deleted while the fetch waits fails its reads instead.
    /// </summary>
    private (Topic? Topic, ErrorCode Error)[] Resolve(Request request, List<FetchRequest.FetchTopic> requested, bool byId)
    {
        var resolved = new (Topic?, ErrorCode)[requested.Count];
        for (var t = 0; t < requested.Count; t++)
        {
            Topic? topic;
            string name;
            if (byId)
            {
                topic = Broker.Topics.Find(requested[t].TopicId);
                if (topic is null)
                {
                    resolved[t] = (null, ErrorCode.UnknownTopicId);
                    continue;
                }

                name = topic.Name;
            }
            else
            {
                name = requested[t].Topic;
                topic = Broker.Topics.TryGet(name, out var found) ? found : null;
            }

            // Long polls are the broker's most frequent request: without an authorizer this asks nothing.
            resolved[t] = Broker.Authorizer.Acls is not null && !Broker.Authorizer.AllowsTopic(request, AclOperation.Read, name)
                ? (null, ErrorCode.TopicAuthorizationFailed)
                : (topic, topic is null ? ErrorCode.UnknownTopicOrPartition : ErrorCode.None);
        }

        return resolved;
    }

    /// <summary>The partition logs a fetch reads (those that exist).</summary>
    private static List<Log.PartitionLog> Logs(List<FetchRequest.FetchTopic> requested, (Topic? Topic, ErrorCode Error)[] topics)
    {
        var logs = new List<Log.PartitionLog>();
        for (var t = 0; t < requested.Count; t++)
        {
            if (topics[t].Topic is not { } topic) continue;
            foreach (var partition in requested[t].Partitions)
            {
                if (topic.Partition(partition.Partition) is { } log) logs.Add(log);
            }
        }

        return logs;
    }

    private static (FetchResponse Response, long TotalBytes, bool AnyError) Collect(
        short version, List<FetchRequest.FetchTopic> requested, (Topic? Topic, ErrorCode Error)[] topics, int maxBytes, bool readCommitted)
    {
        var response = new FetchResponse();
        long total = 0;
        var anyError = false;
        for (var t = 0; t < requested.Count; t++)
        {
            var (topic, topicError) = topics[t];
            var partitions = new List<PartitionResult>(requested[t].Partitions.Count);
            response.Responses.Add(new FetchResponse.FetchableTopicResponse
            {
                Topic = topic?.Name ?? requested[t].Topic,
                TopicId = requested[t].TopicId,
                Partitions = partitions,
            });
            foreach (var request in requested[t].Partitions)
            {
                var log = topic?.Partition(request.Partition);
                var error = topicError != ErrorCode.None ? topicError : log is null ? ErrorCode.UnknownTopicOrPartition : ErrorCode.None;
                if (error != ErrorCode.None)
                {
                    partitions.Add(Failed(request.Partition, error));
                    anyError = true;
                    continue;
                }

                if (log!.IsOffline)
                {
                    partitions.Add(Failed(request.Partition, version <= 5 ? ErrorCode.NotLeaderOrFollower : ErrorCode.KafkaStorageError));
                    anyError = true;
                    continue;
                }

                var budget = (int)Math.Min(request.PartitionMaxBytes, Math.Max(0, maxBytes - total));
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
                    partitions.Add(Failed(request.Partition, ErrorCode.UnknownTopicOrPartition));
                    anyError = true;
                    continue;
                }

                var hwm = log.HighWatermark;
                var result = new PartitionResult
                {
                    PartitionIndex = request.Partition,
                    HighWatermark = hwm,
                    LastStableOffset = Math.Min(stable, hwm),
                    LogStartOffset = log.LogStartOffset,
                    AbortedTransactions = aborted?.ConvertAll(a => new FetchResponse.AbortedTransaction { ProducerId = a.ProducerId, FirstOffset = a.FirstOffset }),
                };
                if (records is null)
                {
                    result.ErrorCode = ErrorCode.OffsetOutOfRange;
                    result.AbortedTransactions = null;
                    result.Records = ReadOnlyMemory<byte>.Empty;
                    anyError = true;
                }
                else
                {
                    // The array the log filled, as it is: the response writer copies it once, into the frame.
                    result.Records = records;
                    total += records.Length;
                }

                partitions.Add(result);
            }
        }

        return (response, total, anyError);
    }

    /// <summary>
    /// A partition the fetch could not read: its records are empty, never null. Kafka sends null for a partition it
    /// refuses before reading the log (unknown, not authorized), but librdkafka rejects the whole response when a
    /// record set is null (rdkafka_fetcher.c: "invalid MessageSetSize"), and an empty set means the same to every client.
    /// </summary>
    private static PartitionResult Failed(int partition, ErrorCode error) => new()
    {
        PartitionIndex = partition,
        ErrorCode = error,
        HighWatermark = -1,
        LastStableOffset = -1,
        LogStartOffset = -1,
        AbortedTransactions = null,
        Records = ReadOnlyMemory<byte>.Empty,
    };

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
}
