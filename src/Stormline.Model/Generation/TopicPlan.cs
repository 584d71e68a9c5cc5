using System.Text.Json.Serialization;

namespace Stormline.Model.Generation;

/// <summary>The topics a model needs, with their Kafka configs; <c>stormline topics apply</c> will make a cluster match it.</summary>
public sealed record TopicPlan(
    [property: JsonPropertyName("system")] string System,
    [property: JsonPropertyName("topics")] IReadOnlyList<PlannedTopic> Topics);

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

/// <summary>Which field keys the messages of an aggregate: its id.</summary>
public sealed record PlannedKey(
    [property: JsonPropertyName("aggregate")] string Aggregate,
    [property: JsonPropertyName("field")] string Field);

/// <summary>An event type carried by the topic, with its registry subject.</summary>
public sealed record PlannedEvent(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("subject")] string Subject);
