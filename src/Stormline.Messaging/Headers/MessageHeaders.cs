using System.Globalization;
using System.Text;
using Confluent.Kafka;
using Stormline.EventSourcing.Streams;

namespace Stormline.Messaging.Headers;

/// <summary>
/// The headers every Stormline message carries: our own names (event type and id, correlation and causation id) and
/// the CloudEvents Kafka protocol binding in binary mode (ce_id, ce_type, ce_source, ce_specversion, ce_time), so
/// non-Stormline consumers can read them too.
/// </summary>
public static class MessageHeaders
{
    public const string EventType = "event-type";
    public const string EventId = "event-id";
    public const string CorrelationId = "correlation-id";
    public const string CausationId = "causation-id";
    public const string CeId = "ce_id";
    public const string CeType = "ce_type";
    public const string CeSource = "ce_source";
    public const string CeSpecVersion = "ce_specversion";
    public const string CeTime = "ce_time";
    public const string TraceParent = "traceparent";

    /// <param name="traceParent">The W3C trace context to propagate (the publish span's); none when null.</param>
    public static Confluent.Kafka.Headers For(StreamEvent @event, string source, string? traceParent = null)
    {
        ArgumentNullException.ThrowIfNull(@event);
        var id = @event.EventId.ToString();
        var headers = new Confluent.Kafka.Headers
        {
            { EventType, Utf8(@event.Type) },
            { EventId, Utf8(id) },
            { CeId, Utf8(id) },
            { CeType, Utf8(@event.Type) },
            { CeSource, Utf8(source) },
            { CeSpecVersion, Utf8("1.0") },
            { CeTime, Utf8(@event.Metadata.OccurredAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture)) },
        };
        if (@event.Metadata.CorrelationId is { } correlation) headers.Add(CorrelationId, Utf8(correlation));
        if (@event.Metadata.CausationId is { } causation) headers.Add(CausationId, Utf8(causation));
        if (traceParent is not null) headers.Add(TraceParent, Utf8(traceParent));
        return headers;
    }

    /// <summary>The last value of a header as text, or null when absent.</summary>
    public static string? Get(Confluent.Kafka.Headers headers, string name)
    {
        ArgumentNullException.ThrowIfNull(headers);
        return headers.TryGetLastBytes(name, out var bytes) ? Encoding.UTF8.GetString(bytes) : null;
    }

    private static byte[] Utf8(string value) => Encoding.UTF8.GetBytes(value);
}
