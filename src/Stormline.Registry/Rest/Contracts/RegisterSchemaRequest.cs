using System.Text.Json.Serialization;

namespace Stormline.Registry.Rest.Contracts;

/// <summary>Body of register, look-up and compatibility calls. <c>schemaType</c> absent means AVRO;</summary>
public sealed record RegisterSchemaRequest(
    [property: JsonPropertyName("schema")] string? Schema,
    [property: JsonPropertyName("schemaType")] string? SchemaType = null,
    [property: JsonPropertyName("references")] IReadOnlyList<SchemaReference>? References = null);
