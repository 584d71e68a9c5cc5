using System.Text.Json.Serialization;

namespace Stormline.Model.Generation;

/// <summary>The topics a model needs, with their Kafka configs; <c>stormline topics apply</c> will make a cluster match it.</summary>
public sealed record TopicPlan(
    [property: JsonPropertyName("system")] string System,
    [property: JsonPropertyName("topics")] IReadOnlyList<PlannedTopic> Topics);
