using System.Text.Json.Serialization;

namespace Stormline.Registry.Rest.Contracts;

/// <summary>A named dependency of a schema on a registered subject version.</summary>
public sealed record SchemaReference(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("subject")] string Subject,
    [property: JsonPropertyName("version")] int Version);
