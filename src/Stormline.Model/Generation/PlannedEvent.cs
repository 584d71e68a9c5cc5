using System.Text.Json.Serialization;

namespace Stormline.Model.Generation;

/// <summary>An event type carried by the topic, with its registry subject.</summary>
public sealed record PlannedEvent(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("subject")] string Subject);
