using System.Text.Json.Serialization;

namespace Stormline.Registry.Rest.Contracts;

/// <summary><c>PUT /config[/{s}]</c>. The level stays a string so an unknown one is answered with 42203, not a parse error.</summary>
public sealed record ConfigUpdateRequest(
    [property: JsonPropertyName("compatibility")] string? Compatibility,
    [property: JsonPropertyName("normalize")] bool? Normalize = null);
