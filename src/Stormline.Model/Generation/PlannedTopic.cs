using System.Text.Json.Serialization;

namespace Stormline.Model.Generation;

/// <summary>One topic: the context's event topic or its dead-letter topic.</summary>
public sealed record PlannedTopic(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("context")] string Context,
    [property: JsonPropertyName("partitions")] int Partitions,
    [property: JsonPropertyName("replicationFactor")] short ReplicationFactor,
    [property: JsonPropertyName("key")] IReadOnlyList<PlannedKey> Key,
    [property: JsonPropertyName("events")] IReadOnlyList<PlannedEvent> Events,
    [property: JsonPropertyName("config")] IReadOnlyDictionary<string, string> Config,
    [property: JsonPropertyName("why")] string Why);
