using System.Text.Json.Serialization;

namespace Stormline.Drift;

/// <summary>A model event that no sampled record of its topic carried.</summary>
public sealed record UnseenEvent(
    [property: JsonPropertyName("event")] string Event,
    [property: JsonPropertyName("topic")] string Topic);
