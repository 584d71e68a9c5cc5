using System.Diagnostics;
using Confluent.Kafka;
using Stormline.EventSourcing.Outbox;
using Stormline.EventSourcing.Streams;
using Stormline.Messaging.Headers;
using Stormline.Messaging.Telemetry;

namespace Stormline.Messaging.Outbox;

/// <summary>
/// Publishes outbox rows to Kafka in global order, key = aggregate id, then marks them sent. Only the holder of the
/// relay lease publishes, and marking checks the lease's epoch in the same transaction, so a relay that was paused
/// past its lease and replaced cannot mark rows. A crash between append and publish, or between publish and mark,
/// only delays or repeats publication (at-least-once; consumers drop repeats by event id in their inbox). A row the
/// broker refuses for good (too large, invalid) is parked with the reason, so it neither blocks nor repeats the rows
/// after it. Not thread-safe: one loop per instance.
/// </summary>
public sealed class OutboxRelay(IOutbox outbox, IProducer<string, byte[]> producer, OutboxRelayOptions options)
{
    private static readonly HashSet<ErrorCode> Unpublishable =
    [
        ErrorCode.MsgSizeTooLarge, ErrorCode.InvalidMsg, ErrorCode.InvalidMsgSize,
        ErrorCode.InvalidRecord, ErrorCode.RecordListTooLarge,
    ];

    private Lease? _lease;
    private long _renewAt;

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

    /// <summary>The last failure of a pass (null until one fails, and again after a pass succeeds), for health checks and logs.</summary>
    public Exception? LastError { get; private set; }

    /// <summary>Since when passes have been failing in a row; null while they succeed.</summary>
    public DateTimeOffset? FailingSince { get; private set; }

    /// <summary>Whether this relay held the lease at its last pass.</summary>
    public bool IsLeader => _lease is not null;

    /// <summary>One pass: publishes up to a batch of pending rows if this relay holds the lease; returns how many were sent or parked.</summary>
    public async Task<int> PublishPending(CancellationToken cancellationToken)
    {
        if (await HoldLease(cancellationToken) is not { } lease) return 0;
        var pending = await outbox.ReadPending(options.BatchSize, cancellationToken);
        if (pending.Count == 0) return 0;

        // Values first, in order: an encoder may await (a registry lookup), and produce calls must still be issued in
        // global order, since the idempotent producer keeps exactly the order it is given. A row that cannot be
        // encoded yet (schema not registered, registry down) holds itself and every row after it, in order.
        var values = new List<byte[]>(pending.Count);
        Exception? held = null;
        foreach (var message in pending)
        {
            try
            {
                values.Add(await options.Encoder.Encode(options.Topic(message.Event), message.Event, cancellationToken));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                held = e;
                break;
            }
        }

        // Pipelined: the idempotent producer keeps per-partition order with several requests in flight.
        var deliveries = values.Select((value, i) => Publish(pending[i].Event, value, cancellationToken)).ToList();
        var sent = new List<long>(values.Count);
        var parked = new List<(long Id, string Reason)>();
        for (var i = 0; i < deliveries.Count; i++)
        {
            try
            {
                await deliveries[i];
                sent.Add(pending[i].Id);
            }
            catch (ProduceException<string, byte[]> e) when (Unpublishable.Contains(e.Error.Code))
            {
                parked.Add((pending[i].Id, $"{e.Error.Code}: {e.Error.Reason}"));
            }
            catch (ProduceException<string, byte[]> e)
            {
                held ??= e; // stays pending; the next pass sends it again
            }
        }

        if ((sent.Count > 0 || parked.Count > 0) && !await outbox.MarkSent(sent, lease, cancellationToken))
        {
            _lease = null; // taken over while we published: the new holder sends these rows again
            _renewAt = 0; // ask again on the next pass
            return 0;
        }
        foreach (var (id, reason) in parked)
        {
            await outbox.Park(id, reason, lease, cancellationToken);
            MessagingTelemetry.Parked.Add(1);
        }
        for (var i = 0; i < sent.Count; i++)
            MessagingTelemetry.Published.Add(1, MessagingTelemetry.Attributes("send", options.Topic(pending[i].Event)));

        if (held is not null) throw new OutboxHeldException(sent.Count + parked.Count, held);
        return sent.Count + parked.Count;
    }

    /// <summary>
    /// The lease, renewed when half of it has run out; null while another relay holds it. A refused relay asks again
    /// after <see cref="Lease.AskAgainAfterRefusal"/> at the soonest.
    /// </summary>
    private async Task<Lease?> HoldLease(CancellationToken cancellationToken)
    {
        var now = Environment.TickCount64;
        if (now < _renewAt) return _lease;
        _lease = await outbox.AcquireLease(IOutbox.RelayLease, options.RelayId, options.LeaseDuration, cancellationToken);
        _renewAt = now + (long)(_lease is null ? Lease.AskAgainAfterRefusal(options.LeaseDuration) : options.LeaseDuration / 2).TotalMilliseconds;
        return _lease;
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

    /// <summary>
    /// Publishes until cancelled, then releases the lease so another relay can take over at once. Between passes it
    /// sleeps until <see cref="OutboxRelayOptions.WaitForAppends"/> wakes it (a local append) or the poll interval
    /// passes (appends by another replica), so an idle relay costs nothing.
    /// </summary>
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
                    LastError = null;
                    FailingSince = null;
                }
                catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    // A store or registry outage, or a schema not registered yet: the rows stay pending and are
                    // retried in order on a later pass; the relay itself must outlive the outage.
                    MessagingTelemetry.PublishFailures.Add(1, new KeyValuePair<string, object?>("error.type", (e.InnerException ?? e).GetType().Name));
                    LastError = e;
                    FailingSince ??= DateTimeOffset.UtcNow;
                    sent = e is OutboxHeldException held ? held.Published : 0;
                    if (sent == 0) await Task.Delay(options.RetryInterval, cancellationToken);
                    continue;
                }

                if (sent == 0)
                {
                    if (options.WaitForAppends is { } wait) await wait(IsLeader ? options.PollInterval : options.LeaseDuration / 4, cancellationToken);
                    else await Task.Delay(options.PollInterval, cancellationToken);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // stopping
        }
        await outbox.ReleaseLease(IOutbox.RelayLease, options.RelayId, CancellationToken.None);
    }
}
