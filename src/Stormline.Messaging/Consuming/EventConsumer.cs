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
/// Messages are handled one at a time, which keeps per-partition order; parallelism across partitions is still to come.
/// </summary>
public sealed class EventConsumer(
    SqlStore store,
    EventSerializer serializer,
    IConsumer<string, byte[]> consumer,
    IProducer<string, byte[]> deadLetterProducer,
    EventConsumerOptions options,
    Func<ConsumedEvent, DbTransaction, CancellationToken, Task> handler)
{
    /// <summary>Manual commits only: an offset is committed after its message was handled or dead-lettered.</summary>
    public static IConsumer<string, byte[]> CreateConsumer(string bootstrapServers, string groupId, Action<ConsumerConfig>? configure = null)
    {
        var config = new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            GroupId = groupId,
            EnableAutoCommit = false,
            AutoOffsetReset = AutoOffsetReset.Earliest,
        };
        configure?.Invoke(config);
        return new ConsumerBuilder<string, byte[]>(config).Build();
    }

    public async Task Run(CancellationToken cancellationToken)
    {
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
                if (result?.Message is null || result.IsPartitionEOF) continue;
                await Process(result, cancellationToken);
                consumer.Commit(result);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // stopping: the current message's offset was not committed, so it is redelivered and the inbox drops it if done
        }
        finally
        {
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
            MessagingTelemetry.Processed.Add(1);
            MessagingTelemetry.ProcessDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
        }
    }

    private async Task ProcessWithRetries(ConsumeResult<string, byte[]> result, CancellationToken cancellationToken)
    {
        ConsumedEvent consumed;
        try
        {
            consumed = ConsumedEventReader.Read(result, serializer);
        }
        catch (Exception e) when (e is UnknownEventTypeException or EventDeserializationException or FormatException)
        {
            await DeadLetter(result, e, cancellationToken); // retrying cannot fix a message we cannot read
            return;
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
                var backoff = TimeSpan.FromTicks(Math.Min(options.MaxBackoff.Ticks, options.InitialBackoff.Ticks << Math.Min(attempt, 30)));
                await Task.Delay(backoff, cancellationToken);
            }
        }
    }

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
