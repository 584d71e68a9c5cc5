using System.Text.Json.Serialization;

namespace Stormline.Registry.Rest.Contracts;

/// <summary>Echo of an accepted <c>PUT /config[/{s}]</c>.</summary>
public sealed record ConfigUpdateResponse(
    [property: JsonPropertyName("compatibility")] Compatibility Compatibility,
    [property: JsonPropertyName("normalize")] bool? Normalize = null);
