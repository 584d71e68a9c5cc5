using System.Diagnostics;

namespace Stormline.EventSourcing.Streams;

/// <summary>
/// Who caused an event and when: the correlation id ties one business flow together across services, the causation id
/// names the message (command or event) that directly caused this one, and <see cref="OccurredAt"/> is when the
/// writer decided it (the store adds its own recorded time). <see cref="TraceParent"/> is the W3C trace context of the
/// code that appended it, kept so the outbox relay can continue that trace when it publishes later.
/// </summary>
public sealed record EventMetadata(string? CorrelationId, string? CausationId, DateTimeOffset OccurredAt, string? TraceParent = null)
{
    /// <summary>Metadata stamped now, with the current activity's trace context when there is one.</summary>
    public static EventMetadata Now(string? correlationId = null, string? causationId = null) =>
        new(correlationId, causationId, DateTimeOffset.UtcNow, Activity.Current?.Id is { } id && Activity.Current.IdFormat == ActivityIdFormat.W3C ? id : null);
}
