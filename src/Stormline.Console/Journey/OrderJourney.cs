using System.Text;
using Confluent.Kafka;
using Stormline.OpsConsole.Api;
using Stormline.OpsConsole.Kafka;
using Stormline.OpsConsole.Messages;
using Stormline.OpsConsole.Tracing;
using Stormline.Messaging.Headers;

namespace Stormline.OpsConsole.Journey;

/// <summary>
/// One order's events across the flow's topics in time order. Every topic is keyed by the aggregate id, so the
/// order id finds them; each step carries the trace id from its <c>traceparent</c> header, and each trace comes with
/// the spans the services exported to the console over OTLP.
/// </summary>
internal sealed class OrderJourney(TopicsReader topics, PartitionScanner scanner, MessageRows rows, SpanStore spans, ConsoleOptions options)
{
    public async Task<JourneyResult> FindAsync(string orderId, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(orderId))
        {
            throw ConsoleProblem.BadRequest("Give an order id.");
        }

        var key = Encoding.UTF8.GetBytes(orderId.Trim());
        var metadata = topics.Metadata();
        var present = options.JourneyTopics.Where(t => metadata.Topics.Any(m => m.Topic == t)).ToList();
        var partitions = metadata.Topics.Where(m => present.Contains(m.Topic))
            .SelectMany(m => m.Partitions.Select(p => new TopicPartition(m.Topic, p.PartitionId))).ToList();
        var offsets = await topics.OffsetsAsync(partitions);
        var ranges = partitions.Select(tp => new ScanRange(tp, offsets[tp].Earliest, offsets[tp].Latest)).ToList();
        var scan = await scanner.ScanAsync(ranges, r => r.Message.Key is { } k && k.AsSpan().SequenceEqual(key), options.MaxScan, options.MaxScan * 20, cancellationToken);
        if (scan.Records.Count == 0)
        {
            throw ConsoleProblem.NotFound($"No events keyed '{orderId}' on {string.Join(", ", present)}{(scan.Complete ? "" : " (the scan stopped early: the topics are large)")}.");
        }

        var steps = (await rows.FromAsync(scan.Records.OrderBy(r => r.Message.Timestamp.UnixTimestampMs).ThenBy(r => options.JourneyTopics.IndexOf(r.Topic)).ThenBy(r => r.Offset.Value)))
            .Select(m => new JourneyStep(m.Header(MessageHeaders.EventType) ?? m.Header(MessageHeaders.CeType), TraceId(m.Header(MessageHeaders.TraceParent)), m))
            .ToList();
        var traces = steps.Select(s => s.TraceId).OfType<string>().Distinct(StringComparer.Ordinal)
            .Select(t => new JourneyTrace(t, spans.Trace(t))).ToList();
        return new JourneyResult(orderId, present, steps, traces, scan.Complete);
    }

    /// <summary>The trace id of a W3C <c>traceparent</c> (<c>00-{trace}-{span}-{flags}</c>); null when absent or malformed.</summary>
    public static string? TraceId(string? traceParent)
    {
        var parts = traceParent?.Split('-');
        return parts is { Length: 4 } && parts[1].Length == 32 ? parts[1] : null;
    }
}

internal sealed record JourneyStep(string? EventType, string? TraceId, MessageRow Message);

/// <summary>A trace the journey's events carry, with the spans services exported to the console (none when they export elsewhere).</summary>
internal sealed record JourneyTrace(string TraceId, IReadOnlyList<ReceivedSpan> Spans);

internal sealed record JourneyResult(string OrderId, IReadOnlyList<string> Topics, IReadOnlyList<JourneyStep> Steps, IReadOnlyList<JourneyTrace> Traces, bool Complete);
