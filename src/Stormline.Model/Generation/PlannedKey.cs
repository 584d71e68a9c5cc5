using System.Text.Json.Serialization;

namespace Stormline.Model.Generation;

/// <summary>Which field keys the messages of an aggregate: its id.</summary>
public sealed record PlannedKey(
    [property: JsonPropertyName("aggregate")] string Aggregate,
    [property: JsonPropertyName("field")] string Field);
