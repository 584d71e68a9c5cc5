using System.Diagnostics;
using Confluent.Kafka;
using Stormline.EventSourcing.Outbox;
using Stormline.EventSourcing.Streams;
using Stormline.Messaging.Headers;
using Stormline.Messaging.Telemetry;

namespace Stormline.Messaging.Outbox;

/// <summary>
/// Publishes outbox rows to Kafka in global order, key = aggregate id, then marks them sent. Only the holder of the
/// outbox lease publishes, so two relay instances never send the same rows concurrently. A crash between append and
/// publish, or between publish and mark, only delays or repeats publication (at-least-once; consumers drop repeats by
/// event id in their inbox). Not thread-safe: one loop per instance.
/// </summary>
public sealed class OutboxRelay(IOutbox outbox, IProducer<string, byte[]> producer, OutboxRelayOptions options)
{
    /// <summary>An idempotent, acks=all producer: retries never duplicate or reorder within a partition.</summary>
    public static IProducer<string, byte[]> CreateProducer(string bootstrapServers, Action<ProducerConfig>? configure = null)
    {
        var config = new ProducerConfig
        {
            BootstrapServers = bootstrapServers,
            Acks = Acks.All,
            EnableIdempotence = true,
            LingerMs = 1,
        };
        configure?.Invoke(config);
        return new ProducerBuilder<string, byte[]>(config).Build();
    }

    /// <summary>One pass: publishes up to a batch of pending rows if this relay holds the lease; returns how many were sent.</summary>
    public async Task<int> PublishPending(CancellationToken cancellationToken)
    {
        if (!await outbox.TryAcquireLease(options.RelayId, options.LeaseDuration, cancellationToken)) return 0;
        var pending = await outbox.ReadPending(options.BatchSize, cancellationToken);
        if (pending.Count == 0) return 0;

        // Values first, in order: an encoder may await (a registry lookup), and produce calls must still be issued in
        // global order, since the idempotent producer keeps exactly the order it is given.
        var values = new List<byte[]>(pending.Count);
        foreach (var message in pending)
        {
            values.Add(await options.Encoder.Encode(options.Topic(message.Event), message.Event, cancellationToken));
        }

        // Pipelined: the idempotent producer keeps per-partition order with several requests in flight.
        var deliveries = pending.Select((m, i) => Publish(m.Event, values[i], cancellationToken)).ToList();

        // Mark only the prefix that was delivered, so rows after a failure are retried in order on the next pass.
        var sent = new List<long>(pending.Count);
        for (var i = 0; i < pending.Count; i++)
        {
            try
            {
                await deliveries[i];
                sent.Add(pending[i].Id);
            }
            catch (ProduceException<string, byte[]>)
            {
                break;
            }
        }
        await outbox.MarkSent(sent, cancellationToken);
        for (var i = 0; i < sent.Count; i++)
        {
            MessagingTelemetry.Published.Add(1, MessagingTelemetry.Attributes("send", options.Topic(pending[i].Event)));
        }

        return sent.Count;
    }

    /// <summary>
    /// One "publish" span per message, a child of the trace that appended the event (stored in its metadata), so a
    /// trace runs from the HTTP request through the outbox to every consumer; its context travels as "traceparent".
    /// </summary>
    private async Task Publish(StreamEvent @event, byte[] value, CancellationToken cancellationToken)
    {
        var topic = options.Topic(@event);
        using var activity = MessagingTelemetry.Start("publish", ActivityKind.Producer, topic, MessagingTelemetry.Parse(@event.Metadata.TraceParent));
        activity?.SetTag("messaging.message.id", @event.EventId.ToString());
        activity?.SetTag("messaging.kafka.message.key", @event.Stream.Id);
        try
        {
            await producer.ProduceAsync(topic, new Message<string, byte[]>
            {
                Key = @event.Stream.Id,
                Value = value,
                Headers = MessageHeaders.For(@event, options.Source, activity?.Id ?? @event.Metadata.TraceParent),
            }, cancellationToken);
        }
        catch (Exception e)
        {
            activity?.SetStatus(ActivityStatusCode.Error, e.Message);
            throw;
        }
    }

    /// <summary>The last failure of a pass in <see cref="Run"/> (null until one fails), for health checks and logs.</summary>
    public Exception? LastError { get; private set; }

    /// <summary>Publishes until cancelled, then releases the lease so another relay can take over at once.</summary>
    public async Task Run(CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                int sent;
                try
                {
                    sent = await PublishPending(cancellationToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // A store or registry outage, or a schema not registered yet: the rows stay pending and are
                    // retried in order on a later pass; the relay itself must outlive the outage.
                    MessagingTelemetry.PublishFailures.Add(1, new KeyValuePair<string, object?>("error.type", e.GetType().Name));
                    LastError = e;
                    sent = 0;
                }

                if (sent == 0)
                    await Task.Delay(options.PollInterval, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // stopping
        }
        await outbox.ReleaseLease(options.RelayId, CancellationToken.None);
    }
}
