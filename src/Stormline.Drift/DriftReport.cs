using System.Text.Json.Serialization;

namespace Stormline.Drift;

/// <summary>
/// Where a running system has drifted from its event model: what the topics carry, which topics exist, which groups
/// are idle, and what the registry holds. Empty lists everywhere mean no drift.
/// </summary>
public sealed record DriftReport(
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("bootstrap")] string Bootstrap,
    [property: JsonPropertyName("registry")] string? Registry,
    [property: JsonPropertyName("recordsSampled")] long RecordsSampled,
    [property: JsonPropertyName("unknownEventTypes")] IReadOnlyList<UnknownEventType> UnknownEventTypes,
    [property: JsonPropertyName("unseenEvents")] IReadOnlyList<UnseenEvent> UnseenEvents,
    [property: JsonPropertyName("unplannedTopics")] IReadOnlyList<string> UnplannedTopics,
    [property: JsonPropertyName("missingTopics")] IReadOnlyList<string> MissingTopics,
    [property: JsonPropertyName("idleGroups")] IReadOnlyList<IdleGroup> IdleGroups,
    [property: JsonPropertyName("unknownSubjects")] IReadOnlyList<string> UnknownSubjects,
    [property: JsonPropertyName("differingSchemas")] IReadOnlyList<DifferingSchema> DifferingSchemas)
{
    /// <summary>How many kinds of drift were found (each non-empty list is one).</summary>
    [JsonPropertyName("driftKinds")]
    public int DriftKinds => new[]
    {
        UnknownEventTypes.Count, UnseenEvents.Count, UnplannedTopics.Count, MissingTopics.Count, IdleGroups.Count, UnknownSubjects.Count, DifferingSchemas.Count,
    }.Count(n => n > 0);

    [JsonPropertyName("drift")]
    public bool HasDrift => DriftKinds > 0;
}
