using System.Diagnostics;
using Confluent.Kafka;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Stormline.EventSourcing.Streams;
using Stormline.Hosting.Storage;
using Stormline.Hosting.Telemetry;
using Stormline.Messaging.Outbox;
using Stormline.Messaging.Serialization;

namespace Stormline.Hosting.Messaging;

/// <summary>
/// Runs the service's <see cref="OutboxRelay"/>: every event appended here goes to its topic, key = stream id. Woken
/// by local appends; between them it sleeps (a poll interval finds appends of other replicas). On stop it finishes
/// the pass in flight, flushes the producer and releases the lease.
/// </summary>
public sealed partial class OutboxRelayService(
    ServiceStore store, IProducer<string, byte[]> producer, ServiceIdentity service, EventTopics topics, EventPayloads payloads, AppendSignal signal,
    IOptions<KafkaOptions> kafka, ILogger<OutboxRelayService> log) : BackgroundService
{
    private static readonly TimeSpan ReportInterval = TimeSpan.FromSeconds(2);

    private static readonly TimeSpan WarningInterval = TimeSpan.FromSeconds(10);

    private OutboxRelay? _relay;
    private long _lastWarning;

    /// <summary>Why the relay has been failing, when it has for longer than <paramref name="threshold"/>; null when healthy.</summary>
    public string? Stuck(TimeSpan threshold) =>
        _relay is { FailingSince: { } since, LastError: { } error } && DateTimeOffset.UtcNow - since > threshold
            ? $"outbox relay failing for {(DateTimeOffset.UtcNow - since).TotalSeconds:F0} s: {error.Message}"
            : null;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.Run(() => Run(stoppingToken), CancellationToken.None);

    private async Task Run(CancellationToken stoppingToken)
    {
        Func<StreamEvent, string> topic = e => topics.TopicOf(e.Type);
        var options = new OutboxRelayOptions
        {
            Topic = topic,
            Source = service.Source,
            RelayId = store.LeaseHolder,
            PollInterval = kafka.Value.PollInterval(store.Shared),
            WaitForAppends = signal.Wait,
            Encoder = payloads.Encoder,
        };
        _relay = new OutboxRelay(store.Store, producer, options);
        using var reporter = new Timer(_ => _ = Report(), null, ReportInterval, ReportInterval);
        await _relay.Run(stoppingToken);
        producer.Flush(TimeSpan.FromSeconds(5));
    }

    /// <summary>Every two seconds: the outbox's oldest row and parked rows, for the outbox alerts; a note in the log while passes fail.</summary>
    private async Task Report()
    {
        try
        {
            var oldest = await store.Store.ReadPending(1, CancellationToken.None);
            var parked = await store.Store.CountParked(CancellationToken.None);
            var held = HeldBySchema(_relay?.LastError);
            ServiceMetrics.ReportOutbox(service.Name, oldest.Count == 0 ? TimeSpan.Zero : DateTimeOffset.UtcNow - oldest[0].Event.RecordedAt, parked, held is not null);
            if (_relay?.LastError is { } error && _relay.FailingSince is { } since && Stopwatch.GetElapsedTime(_lastWarning) >= WarningInterval)
            {
                _lastWarning = Stopwatch.GetTimestamp();
                if (held is not null) RelayHeldBySchema(since, held.Subject, held.Message);
                else RelayFailing(since, error);
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            ReportFailed(e);
        }
    }

    /// <summary>The schema problem the relay is held on, if that is why its passes fail.</summary>
    private static SchemaNotRegisteredException? HeldBySchema(Exception? error) =>
        error is OutboxHeldException { InnerException: SchemaNotRegisteredException missing } ? missing : null;

    [LoggerMessage(5, LogLevel.Warning, "Outbox relay holds its next event since {Since}: no usable schema under subject {Subject} ({Reason}); a service never registers schemas, so it and the events after it are published once the schema is registered")]
    private partial void RelayHeldBySchema(DateTimeOffset since, string subject, string reason);

    [LoggerMessage(1, LogLevel.Warning, "Outbox relay failing since {Since}; rows stay pending and go out in order once it recovers")]
    private partial void RelayFailing(DateTimeOffset since, Exception error);

    [LoggerMessage(4, LogLevel.Debug, "Outbox report failed")]
    private partial void ReportFailed(Exception error);
}
