using System.Diagnostics;
using System.Globalization;
using Confluent.Kafka;
using Stormline.EventSourcing.Serialization;
using Stormline.EventSourcing.Sql;
using Stormline.Messaging.Headers;
using Stormline.Messaging.Telemetry;

namespace Stormline.Messaging.Consuming;

/// <summary>
/// Handles one partition's batch of records: decodes them, runs their prepare steps outside any transaction, then
/// records every inbox mark and runs every handler in ONE store transaction, committed once. When that transaction
/// fails, the records are handled one at a time so the failing one is isolated: a transient failure is retried for
/// as long as it lasts (the partition waits, nothing is dead-lettered), a permanent one goes to the dead-letter topic,
/// an unexpected one gets <see cref="EventConsumerOptions.MaxRetries"/> tries first. Records stay in partition order.
/// </summary>
internal sealed class BatchHandler(
    SqlStore store,
    EventSerializer serializer,
    EventConsumerOptions options,
    Func<ConsumedEvent, EventContext, CancellationToken, Task> handler,
    DeadLetterWriter deadLetters,
    PartitionHealth health)
{
    private sealed record Item(ConsumeResult<string, byte[]> Record, ConsumedEvent Event);

    /// <param name="revoked">Cancelled when the partition is taken away: retries stop and the next owner gets the records again.</param>
    public async Task Handle(IReadOnlyList<ConsumeResult<string, byte[]>> records, CancellationToken revoked)
    {
        var started = Stopwatch.GetTimestamp();
        var items = new List<Item>(records.Count);
        foreach (var record in records)
        {
            if (await Decode(record, revoked) is { } consumed) items.Add(new Item(record, consumed));
        }

        foreach (var segment in Segments(items))
        {
            try
            {
                await HandleTogether(segment, revoked);
            }
            catch (Exception) when (!revoked.IsCancellationRequested)
            {
                foreach (var item in segment) await HandleAlone(item, revoked);
            }
        }

        health.Healthy(records[0].TopicPartition);
        var attributes = MessagingTelemetry.Attributes("process", records[0].Topic, options.GroupId);
        MessagingTelemetry.Processed.Add(records.Count, attributes);
        MessagingTelemetry.BatchSize.Record(records.Count, attributes);
        MessagingTelemetry.ProcessDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, attributes);
    }

    /// <summary>The event in a record, or null once an unreadable record was dead-lettered. A registry that cannot be asked makes the partition wait.</summary>
    private async Task<ConsumedEvent?> Decode(ConsumeResult<string, byte[]> record, CancellationToken revoked)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var data = await options.Decoder.Decode(record.Message.Value ?? [], revoked);
                return ConsumedEventReader.Read(record, serializer, data);
            }
            catch (Exception e) when (!revoked.IsCancellationRequested)
            {
                var kind = FailureClassifier.Classify(e);
                if (kind != FailureKind.Transient)
                {
                    // Retrying cannot fix a value we cannot read.
                    using var activity = StartProcessing(record);
                    await deadLetters.Write(record, e, FailureKind.Permanent, attempt, revoked);
                    return null;
                }
                await Wait(record, e, kind, attempt, revoked);
            }
        }
    }

    /// <summary>
    /// Runs of items that may share one transaction. With a prepare step, a key that already occurred starts a new run,
    /// since the step runs before the transaction and must see the effects of the key's earlier event.
    /// </summary>
    private IEnumerable<List<Item>> Segments(List<Item> items)
    {
        if (options.Prepare is null)
        {
            if (items.Count > 0) yield return items;
            yield break;
        }

        var segment = new List<Item>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            if (!keys.Add(item.Record.Message.Key ?? ""))
            {
                yield return segment;
                segment = [];
                keys.Clear();
                keys.Add(item.Record.Message.Key ?? "");
            }
            segment.Add(item);
        }
        if (segment.Count > 0) yield return segment;
    }

    private async Task HandleTogether(IReadOnlyList<Item> items, CancellationToken cancellationToken)
    {
        var spans = new Activity?[items.Count];
        try
        {
            for (var i = 0; i < items.Count; i++)
            {
                Activity.Current = null; // each record's span is a child of its own publisher, not of the one before
                spans[i] = StartProcessing(items[i].Record);
            }
            Activity.Current = null;

            var prepared = await PrepareAll(items, spans, cancellationToken);
            await using var unit = await store.BeginTransaction(cancellationToken);
            unit.GroupAppends = true; // the handlers' appends go out together at commit
            var fresh = await store.RecordNew(options.GroupId, [.. items.Select(item => item.Event.EventId)], unit.Transaction, cancellationToken);
            for (var i = 0; i < items.Count; i++)
            {
                Activity.Current = spans[i];
                if (!fresh.Remove(items[i].Event.EventId)) continue; // a redelivery (or the same event twice in this batch)
                await handler(items[i].Event, new EventContext(unit.Transaction, prepared[i]), cancellationToken);
            }
            Activity.Current = null;
            await unit.Commit(cancellationToken);
            options.OnCommitted?.Invoke();
        }
        catch (Exception e)
        {
            foreach (var span in spans) span?.SetStatus(ActivityStatusCode.Error, e.Message);
            throw;
        }
        finally
        {
            Activity.Current = null;
            foreach (var span in spans) span?.Dispose();
        }
    }

    private async Task<object?[]> PrepareAll(IReadOnlyList<Item> items, Activity?[] spans, CancellationToken cancellationToken)
    {
        var results = new object?[items.Count];
        if (options.Prepare is not { } prepare) return results;
        using var slots = new SemaphoreSlim(options.PrepareConcurrency);
        await Task.WhenAll(items.Select(async (item, i) =>
        {
            await slots.WaitAsync(cancellationToken);
            try
            {
                Activity.Current = spans[i];
                results[i] = await prepare(item.Event, cancellationToken);
            }
            finally
            {
                slots.Release();
            }
        }));
        return results;
    }

    private async Task HandleAlone(Item item, CancellationToken revoked)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await HandleTogether([item], revoked);
                return;
            }
            catch (Exception e) when (!revoked.IsCancellationRequested)
            {
                var kind = FailureClassifier.Classify(e);
                if (kind == FailureKind.Permanent || (kind == FailureKind.Unknown && attempt > options.MaxRetries))
                {
                    using var activity = StartProcessing(item.Record);
                    await deadLetters.Write(item.Record, e, kind, attempt, revoked);
                    return;
                }
                await Wait(item.Record, e, kind, attempt, revoked);
            }
        }
    }

    private async Task Wait(ConsumeResult<string, byte[]> record, Exception error, FailureKind kind, int attempt, CancellationToken revoked)
    {
        health.Failing(record.TopicPartition, error);
        MessagingTelemetry.Retries.Add(1, new KeyValuePair<string, object?>("failure.kind", kind.ToString().ToLowerInvariant()),
            new KeyValuePair<string, object?>("messaging.consumer.group.name", options.GroupId));
        await Task.Delay(options.Backoff(attempt - 1), revoked);
    }

    /// <summary>One "process" span per record, a child of the publisher's span from the traceparent header.</summary>
    private Activity? StartProcessing(ConsumeResult<string, byte[]> record)
    {
        var parent = MessagingTelemetry.Parse(record.Message.Headers is { } h ? MessageHeaders.Get(h, MessageHeaders.TraceParent) : null);
        var activity = MessagingTelemetry.Start("process", ActivityKind.Consumer, record.Topic, parent);
        activity?.SetTag("messaging.consumer.group.name", options.GroupId);
        activity?.SetTag("messaging.destination.partition.id", record.Partition.Value.ToString(CultureInfo.InvariantCulture));
        activity?.SetTag("messaging.kafka.offset", record.Offset.Value);
        return activity;
    }
}
