using System.Text.Json.Serialization;

namespace Stormline.Registry.Rest.Contracts;

/// <summary><c>GET /config[/{s}]</c>: Confluent names the level <c>compatibilityLevel</c> here and <c>compatibility</c> on PUT.</summary>
public sealed record ConfigResponse(
    [property: JsonPropertyName("compatibilityLevel")] Compatibility CompatibilityLevel,
    [property: JsonPropertyName("normalize")] bool? Normalize = null);
