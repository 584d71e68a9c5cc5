using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Confluent.Kafka;
using Stormline.EventSourcing.Serialization;
using Stormline.EventSourcing.Sql;
using Stormline.Messaging.Headers;
using Stormline.Messaging.Telemetry;

namespace Stormline.Messaging.Consuming;

/// <summary>
/// The consumer loop: each message is handled in one store transaction together with its inbox mark (so a redelivered
/// event id is dropped and effects happen once), then its offset is committed. A failing handler is retried with
/// exponential backoff; after the last retry, or at once when the message cannot be deserialized, the message goes to
/// "&lt;topic&gt;.dlq" with the error in its headers and the partition keeps flowing.
/// Each partition has its own worker, so order holds per partition (hence per key) while partitions run in parallel.
/// </summary>
public sealed class EventConsumer(
    SqlStore store,
    EventSerializer serializer,
    ConsumerConfig consumerConfig,
    IProducer<string, byte[]> deadLetterProducer,
    EventConsumerOptions options,
    Func<ConsumedEvent, DbTransaction, CancellationToken, Task> handler)
{
    /// <summary>Consumer settings with manual commits only: an offset is committed after its message was handled or dead-lettered.</summary>
    public static ConsumerConfig ConsumerConfig(string bootstrapServers, string groupId) => new()
    {
        BootstrapServers = bootstrapServers,
        GroupId = groupId,
        EnableAutoCommit = false,
        AutoOffsetReset = AutoOffsetReset.Earliest,
    };

    /// <summary>Consumes until cancelled: one ordered worker per assigned partition, partitions in parallel.</summary>
    public async Task Run(CancellationToken cancellationToken)
    {
        var workers = new Dictionary<TopicPartition, PartitionWorker>();
        var paused = new HashSet<TopicPartition>();
        void Stop(IEnumerable<TopicPartition> partitions)
        {
            var stopping = partitions.Where(workers.ContainsKey).Select(p => (Partition: p, Worker: workers[p])).ToList();
            foreach (var (_, worker) in stopping) worker.Stop();
            // Wait for in-flight messages so the next owner does not handle them at the same time.
            Task.WhenAll(stopping.Select(s => s.Worker.Completion)).GetAwaiter().GetResult();
            foreach (var (partition, _) in stopping)
            {
                workers.Remove(partition);
                paused.Remove(partition);
            }
        }

        using var consumer = new ConsumerBuilder<string, byte[]>(consumerConfig)
            .SetPartitionsRevokedHandler((_, revoked) => Stop(revoked.Select(r => r.TopicPartition)))
            .SetPartitionsLostHandler((_, lost) => Stop(lost.Select(l => l.TopicPartition)))
            .Build();
        consumer.Subscribe(options.Topic);
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                ConsumeResult<string, byte[]>? result;
                try
                {
                    result = consumer.Consume(TimeSpan.FromMilliseconds(100));
                }
                catch (ConsumeException e) when (!e.Error.IsFatal)
                {
                    continue; // e.g. the topic does not exist yet: the client keeps trying, and so do we
                }

                if (result?.Message is not null && !result.IsPartitionEOF)
                {
                    if (!workers.TryGetValue(result.TopicPartition, out var worker))
                        workers[result.TopicPartition] = worker = new PartitionWorker(consumer, Process, cancellationToken);
                    worker.Enqueue(result);
                    if (worker.Backlog >= options.MaxBacklog && paused.Add(result.TopicPartition))
                        consumer.Pause([result.TopicPartition]); // a slow partition must not fill memory
                }

                var drained = paused.Where(p => workers[p].Backlog <= options.MaxBacklog / 2).ToList();
                if (drained.Count > 0)
                {
                    consumer.Resume(drained);
                    paused.ExceptWith(drained);
                }
            }
        }
        finally
        {
            foreach (var worker in workers.Values) worker.Stop();
            await Task.WhenAll(workers.Values.Select(w => w.Completion));
            consumer.Close();
        }
    }

    /// <summary>One "process" span per message, a child of the publisher's span from the traceparent header.</summary>
    private async Task Process(ConsumeResult<string, byte[]> result, CancellationToken cancellationToken)
    {
        var parent = MessagingTelemetry.Parse(result.Message.Headers is { } h ? MessageHeaders.Get(h, MessageHeaders.TraceParent) : null);
        using var activity = MessagingTelemetry.Start("process", ActivityKind.Consumer, result.Topic, parent);
        activity?.SetTag("messaging.consumer.group.name", options.GroupId);
        activity?.SetTag("messaging.destination.partition.id", result.Partition.Value.ToString(CultureInfo.InvariantCulture));
        activity?.SetTag("messaging.kafka.offset", result.Offset.Value);
        var started = Stopwatch.GetTimestamp();
        try
        {
            await ProcessWithRetries(result, cancellationToken);
        }
        finally
        {
            var attributes = MessagingTelemetry.Attributes("process", result.Topic, options.GroupId);
            MessagingTelemetry.Processed.Add(1, attributes);
            MessagingTelemetry.ProcessDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, attributes);
        }
    }

    private async Task ProcessWithRetries(ConsumeResult<string, byte[]> result, CancellationToken cancellationToken)
    {
        ConsumedEvent consumed;
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                var data = await options.Decoder.Decode(result.Message.Value ?? [], cancellationToken);
                consumed = ConsumedEventReader.Read(result, serializer, data);
                break;
            }
            catch (Exception e) when (e is UnknownEventTypeException or EventDeserializationException or FormatException)
            {
                await DeadLetter(result, e, cancellationToken); // retrying cannot fix a message we cannot read
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // The registry could not be asked: the message is readable once it answers, so the partition waits
                // rather than dead-letter it.
                await Task.Delay(Backoff(attempt), cancellationToken);
            }
        }

        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await store.HandleOnce(options.GroupId, consumed.EventId, (tx, ct) => handler(consumed, tx, ct), cancellationToken);
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                if (attempt >= options.MaxRetries)
                {
                    await DeadLetter(result, e, cancellationToken);
                    return;
                }
                await Task.Delay(Backoff(attempt), cancellationToken);
            }
        }
    }

    private TimeSpan Backoff(int attempt) =>
        TimeSpan.FromTicks(Math.Min(options.MaxBackoff.Ticks, options.InitialBackoff.Ticks << Math.Min(attempt, 30)));

    private async Task DeadLetter(ConsumeResult<string, byte[]> result, Exception error, CancellationToken cancellationToken)
    {
        Activity.Current?.SetStatus(ActivityStatusCode.Error, error.Message);
        MessagingTelemetry.DeadLettered.Add(1);
        var headers = new Confluent.Kafka.Headers();
        foreach (var header in result.Message.Headers ?? [])
            headers.Add(header.Key, header.GetValueBytes());
        headers.Add(DeadLetterHeaders.Error, Encoding.UTF8.GetBytes(error.Message));
        headers.Add(DeadLetterHeaders.ExceptionType, Encoding.UTF8.GetBytes(error.GetType().FullName ?? error.GetType().Name));
        headers.Add(DeadLetterHeaders.OriginalTopic, Encoding.UTF8.GetBytes(result.Topic));
        headers.Add(DeadLetterHeaders.OriginalPartition, Encoding.UTF8.GetBytes(result.Partition.Value.ToString(CultureInfo.InvariantCulture)));
        headers.Add(DeadLetterHeaders.OriginalOffset, Encoding.UTF8.GetBytes(result.Offset.Value.ToString(CultureInfo.InvariantCulture)));
        await deadLetterProducer.ProduceAsync(options.DeadLetterTopic, new Message<string, byte[]>
        {
            Key = result.Message.Key,
            Value = result.Message.Value,
            Headers = headers,
        }, cancellationToken);
    }
}
