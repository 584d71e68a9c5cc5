using System.Text.Json.Serialization;

namespace Stormline.Drift;

/// <summary>A consumer group with no members, or whose oldest unconsumed record shows it has not committed for long.</summary>
public sealed record IdleGroup(
    [property: JsonPropertyName("group")] string Group,
    [property: JsonPropertyName("reason")] string Reason,
    [property: JsonPropertyName("topics")] IReadOnlyList<string> Topics);
