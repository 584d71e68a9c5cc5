using System.Diagnostics;
using Confluent.Kafka;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Shop.Contracts;
using Shop.Hosting.Storage;
using Shop.Hosting.Telemetry;
using Stormline.EventSourcing.Streams;
using Stormline.Messaging.Outbox;

namespace Shop.Hosting.Messaging;

/// <summary>
/// Runs the service's <see cref="OutboxRelay"/>: every event appended here goes to its context's topic, key = stream id
/// (the order id). On stop it finishes the pass in flight, flushes the producer and releases the outbox lease.
/// </summary>
internal sealed partial class OutboxRelayService(
    ShopStores stores, IProducer<string, byte[]> producer, ShopService service, AppendSignal signal, IOptions<KafkaOptions> kafka, ILogger<OutboxRelayService> log) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.Run(() => Run(stoppingToken), CancellationToken.None);

    private async Task Run(CancellationToken stoppingToken)
    {
        Func<StreamEvent, string> topic = e => ShopEvents.TopicOf(e.Type);
        var options = stores.RelayId is { } relayId
            ? new OutboxRelayOptions { Topic = topic, Source = service.Source, RelayId = relayId }
            : new OutboxRelayOptions { Topic = topic, Source = service.Source };
        var relay = new OutboxRelay(stores.Events, producer, options);
        var sinceAgeReport = Stopwatch.StartNew();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var sent = await stores.EventsGate.Run(() => relay.PublishPending(stoppingToken), stoppingToken);
                if (sinceAgeReport.Elapsed >= AgeReportInterval)
                {
                    // At most once a second: one extra read of the outbox's oldest row, for the outbox-age alert.
                    sinceAgeReport.Restart();
                    var oldest = await stores.Events.ReadPending(1, stoppingToken);
                    ShopMetrics.ReportOutboxAge(service.Name, oldest.Count == 0 ? TimeSpan.Zero : DateTimeOffset.UtcNow - oldest[0].Event.RecordedAt);
                }

                if (sent == 0)
                    await signal.Wait(kafka.Value.OutboxPollInterval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                RelayFailed(e);
                await Task.Delay(TimeSpan.FromSeconds(1), CancellationToken.None); // e.g. the store is busy: try again shortly
            }
        }

        producer.Flush(TimeSpan.FromSeconds(5));
        await stores.Events.ReleaseLease(options.RelayId, CancellationToken.None);
    }

    private static readonly TimeSpan AgeReportInterval = TimeSpan.FromSeconds(1);

    [LoggerMessage(1, LogLevel.Warning, "Outbox relay pass failed; retrying")]
    private partial void RelayFailed(Exception error);
}
