using System.Text.Json.Serialization;

namespace Stormline.Drift;

/// <summary>An event type seen on a topic whose context in the model has no such event (or a topic outside the model).</summary>
public sealed record UnknownEventType(
    [property: JsonPropertyName("topic")] string Topic,
    [property: JsonPropertyName("eventType")] string EventType,
    [property: JsonPropertyName("records")] long Records);
