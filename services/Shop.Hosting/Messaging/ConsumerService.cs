using Confluent.Kafka;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Shop.Hosting.Storage;
using Stormline.EventSourcing.Serialization;
using Stormline.Messaging.Consuming;

namespace Shop.Hosting.Messaging;

/// <summary>
/// Runs one <see cref="EventConsumer"/>: inbox-protected (in the process store), retries, then "&lt;topic&gt;.dlq". On
/// stop the consumer drains its partition workers and closes (leaving the group at once instead of at session timeout).
/// </summary>
internal sealed class ConsumerService(
    ConsumerRegistration registration, IServiceProvider services, ShopStores stores, EventSerializer serializer,
    IProducer<string, byte[]> producer, IOptions<KafkaOptions> kafka) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var config = EventConsumer.ConsumerConfig(kafka.Value.BootstrapServers, registration.GroupId);
        config.SessionTimeoutMs = (int)kafka.Value.ConsumerSessionTimeout.TotalMilliseconds;
        config.HeartbeatIntervalMs = Math.Max(100, config.SessionTimeoutMs.Value / 4);
        var consumer = new EventConsumer(stores.Process, serializer, config, producer,
            new EventConsumerOptions { Topic = registration.Topic, GroupId = registration.GroupId }, registration.Handler(services));
        // Consume blocks its thread; keep it off the host's start-up path.
        return Task.Run(() => consumer.Run(stoppingToken), CancellationToken.None);
    }
}
