using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Stormline.Registry.Rest.Contracts;

/// <summary><c>GET /schemas/ids/{id}</c>: the schema text; <c>schemaType</c> omitted for AVRO, as Confluent does.</summary>
public sealed record SchemaResponse(
    [property: JsonPropertyName("schema")] string Schema,
    [property: JsonPropertyName("schemaType")] string? SchemaType,
    [property: JsonPropertyName("references")] IReadOnlyList<SchemaReference>? References,
    [property: JsonPropertyName("metadata")] JsonObject? Metadata = null,
    [property: JsonPropertyName("ruleSet")] JsonObject? RuleSet = null);
