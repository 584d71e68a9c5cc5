using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Stormline.Registry.Rest.Contracts;

/// <summary>One registered version of a subject: look-up and <c>GET /subjects/{s}/versions/{v}</c>.</summary>
public sealed record SubjectVersionResponse(
    [property: JsonPropertyName("subject")] string Subject,
    [property: JsonPropertyName("version")] int Version,
    [property: JsonPropertyName("id")] int Id,
    [property: JsonPropertyName("schemaType")] string? SchemaType,
    [property: JsonPropertyName("references")] IReadOnlyList<SchemaReference>? References,
    [property: JsonPropertyName("schema")] string Schema,
    [property: JsonPropertyName("metadata")] JsonObject? Metadata = null,
    [property: JsonPropertyName("ruleSet")] JsonObject? RuleSet = null);
