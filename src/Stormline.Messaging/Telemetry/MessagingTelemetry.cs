using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Stormline.Messaging.Telemetry;

/// <summary>
/// The ActivitySource and Meter of Stormline.Messaging, both named "Stormline.Messaging": add that name to the
/// OpenTelemetry tracer and meter providers. Spans follow the OpenTelemetry messaging conventions ("publish {topic}",
/// "process {topic}", messaging.system = kafka, …).
/// </summary>
public static class MessagingTelemetry
{
    public const string Name = "Stormline.Messaging";

    public static ActivitySource Source { get; } = new(Name);

    public static Meter Meter { get; } = new(Name);

    // Names and attributes from OpenTelemetry's messaging semantic conventions where they exist.
    public static Counter<long> Published { get; } = Meter.CreateCounter<long>("messaging.client.sent.messages", "{message}", "Messages the outbox relay published (acknowledged by the broker).");

    public static Counter<long> Processed { get; } = Meter.CreateCounter<long>("messaging.client.consumed.messages", "{message}", "Messages the consumer handled (including dropped duplicates and dead letters).");

    public static Counter<long> PublishFailures { get; } = Meter.CreateCounter<long>("stormline.messaging.publish_failures", "{pass}", "Outbox relay passes that failed (rows stay pending and are retried in order).");

    public static Counter<long> CommitFailures { get; } = Meter.CreateCounter<long>("stormline.messaging.commit_failures", "{commit}", "Offset commits that failed after handling (the message may be redelivered; the inbox drops it).");

    public static Counter<long> DeadLettered { get; } = Meter.CreateCounter<long>("stormline.messaging.dead_lettered", "{message}", "Messages moved to a dead-letter topic.");

    public static Counter<long> DeadLetterFailures { get; } = Meter.CreateCounter<long>("stormline.messaging.dead_letter_failures", "{attempt}", "Dead-letter produces that failed and were retried (nothing is lost: the offset waits).");

    public static Counter<long> Retries { get; } = Meter.CreateCounter<long>("stormline.messaging.retries", "{attempt}", "Events tried again after a failure, by failure kind (transient ones are never dead-lettered).");

    public static Histogram<long> BatchSize { get; } = Meter.CreateHistogram<long>("stormline.messaging.batch.size", "{message}", "Records handled per store transaction.");

    public static Counter<long> Parked { get; } = Meter.CreateCounter<long>("stormline.messaging.outbox.parked", "{message}", "Outbox rows set aside because they can never be published.");

    public static Histogram<double> ProcessDuration { get; } = Meter.CreateHistogram<double>("messaging.process.duration", "s", "Time to handle one message, retries included.");

    /// <summary>The semantic conventions' attributes of one message: system, operation, destination and, when consuming, the group.</summary>
    public static TagList Attributes(string operation, string topic, string? group = null)
    {
        var tags = new TagList
        {
            { "messaging.system", "kafka" },
            { "messaging.operation.name", operation },
            { "messaging.destination.name", topic },
        };
        if (group is not null)
        {
            tags.Add("messaging.consumer.group.name", group);
        }

        return tags;
    }

    /// <summary>Starts a span with the messaging attributes every Stormline span carries.</summary>
    internal static Activity? Start(string operation, ActivityKind kind, string topic, ActivityContext parent = default)
    {
        var activity = Source.StartActivity($"{operation} {topic}", kind, parent);
        activity?.SetTag("messaging.system", "kafka");
        activity?.SetTag("messaging.operation.type", operation);
        activity?.SetTag("messaging.destination.name", topic);
        return activity;
    }

    /// <summary>Parses a W3C traceparent; default when absent or malformed (a bad header must not break delivery).</summary>
    internal static ActivityContext Parse(string? traceParent) =>
        traceParent is not null && ActivityContext.TryParse(traceParent, null, out var context) ? context : default;
}
