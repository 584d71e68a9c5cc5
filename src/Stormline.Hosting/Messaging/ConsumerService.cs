using Confluent.Kafka;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Stormline.EventSourcing.Serialization;
using Stormline.Hosting.Storage;
using Stormline.Messaging.Consuming;

namespace Stormline.Hosting.Messaging;

/// <summary>
/// Runs one <see cref="EventConsumer"/>: batched, inbox-protected handling in the service's store, transient
/// failures retried, permanent ones to "&lt;topic&gt;.dlq". On stop it drains its partition workers and closes.
/// </summary>
public sealed class ConsumerService(
    ConsumerRegistration registration, IServiceProvider services, ServiceStore store, EventSerializer serializer,
    IProducer<string, byte[]> producer, EventPayloads payloads, IOptions<KafkaOptions> kafka, AppendSignal signal) : BackgroundService
{
    private EventConsumer? _consumer;

    public ConsumerRegistration Registration => registration;

    /// <summary>Partitions stuck on a failing event for longer than <paramref name="threshold"/>.</summary>
    public IReadOnlyList<string> Stuck(TimeSpan threshold) => _consumer?.Health.Stuck(threshold) ?? [];

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var options = kafka.Value;
        var config = EventConsumer.ConsumerConfig(options.BootstrapServers, registration.GroupId, options.GroupInstanceId);
        config.SessionTimeoutMs = (int)options.ConsumerSessionTimeout.TotalMilliseconds;
        config.HeartbeatIntervalMs = Math.Max(100, config.SessionTimeoutMs.Value / 4);
        options.Apply(config);
        _consumer = new EventConsumer(store.Store, serializer, config, producer, new EventConsumerOptions
        {
            Topic = registration.Topic,
            GroupId = registration.GroupId,
            MaxBatchSize = options.MaxBatchSize,
            BatchLinger = options.BatchLinger,
            Prepare = registration.Prepare?.Invoke(services),
            Decoder = payloads.Decoder,
            OnCommitted = signal.Pulse, // the batch's appends are in: wake the relay and the projections
        }, registration.Handler(services));
        // Consume blocks its thread; keep it off the host's start-up path.
        return Task.Run(() => _consumer.Run(stoppingToken), CancellationToken.None);
    }
}
