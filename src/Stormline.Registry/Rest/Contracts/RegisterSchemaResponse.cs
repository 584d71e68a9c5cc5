using System.Text.Json.Serialization;

namespace Stormline.Registry.Rest.Contracts;

/// <summary>Answer to a registration: the global id (what every Confluent client reads).</summary>
public sealed record RegisterSchemaResponse([property: JsonPropertyName("id")] int Id);
