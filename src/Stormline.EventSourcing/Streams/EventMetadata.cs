namespace Stormline.EventSourcing.Streams;

/// <summary>
/// Who caused an event and when: the correlation id ties one business flow together across services, the causation id
/// names the message (command or event) that directly caused this one, and <see cref="OccurredAt"/> is when the
/// writer decided it (the store adds its own recorded time).
/// </summary>
public sealed record EventMetadata(string? CorrelationId, string? CausationId, DateTimeOffset OccurredAt)
{
    public static EventMetadata Now(string? correlationId = null, string? causationId = null) =>
        new(correlationId, causationId, DateTimeOffset.UtcNow);
}
