using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Stormline.Registry.Rest.Contracts;

/// <summary>
/// Body of register, look-up and compatibility calls. <c>schemaType</c> absent means AVRO. <c>id</c> and
/// <c>version</c> are for IMPORT mode, where a migration keeps the ids and versions of the registry it copies.
/// <c>metadata</c> and <c>ruleSet</c> (Confluent data contracts) are stored with the schema, part of its identity, and returned.
/// </summary>
public sealed record RegisterSchemaRequest(
    [property: JsonPropertyName("schema")] string? Schema,
    [property: JsonPropertyName("schemaType")] string? SchemaType = null,
    [property: JsonPropertyName("references")] IReadOnlyList<SchemaReference>? References = null,
    [property: JsonPropertyName("id")] int? Id = null,
    [property: JsonPropertyName("version")] int? Version = null,
    [property: JsonPropertyName("metadata")] JsonObject? Metadata = null,
    [property: JsonPropertyName("ruleSet")] JsonObject? RuleSet = null);
