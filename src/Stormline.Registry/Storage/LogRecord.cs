using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Stormline.Registry.Rest.Contracts;

namespace Stormline.Registry.Storage;

/// <summary>
/// One line of the registry log. Kinds follow Confluent's <c>_schemas</c> key types so a later Kafka-topic store can reuse them:
/// SCHEMA upserts a subject version (soft delete = <see cref="Deleted"/>), DELETE_VERSION removes one for good,
/// CONFIG sets or (null level) clears a compatibility config, MODE sets or (null mode) clears a mode. A null subject is global.
/// ABSENT (a SCHEMA key whose value says the version is absent) and SCHEMA records marked <see cref="Restore"/> repair a
/// key whose last record was refused, so compaction (which keeps the last record per key) keeps what the log decided.
/// SCHEMA_ID (not a Confluent key type) records what an id stands for when a version using it is hard-deleted, so a
/// compacted topic, which drops the version's records, still never hands the id to another schema.
/// </summary>
internal sealed record LogRecord
{
    public const string SchemaKind = "SCHEMA";
    public const string DeleteVersionKind = "DELETE_VERSION";
    public const string ConfigKind = "CONFIG";
    public const string ModeKind = "MODE";
    public const string SchemaIdKind = "SCHEMA_ID";
    public const string AbsentKind = "ABSENT";

    [JsonPropertyName("kind")] public required string Kind { get; init; }
    [JsonPropertyName("subject")] public string? Subject { get; init; }
    [JsonPropertyName("version")] public int? Version { get; init; }
    [JsonPropertyName("id")] public int? Id { get; init; }
    [JsonPropertyName("schemaType")] public string? SchemaType { get; init; }
    [JsonPropertyName("schema")] public string? Schema { get; init; }
    [JsonPropertyName("references")] public IReadOnlyList<SchemaReference>? References { get; init; }
    [JsonPropertyName("metadata")] public JsonObject? Metadata { get; init; }
    [JsonPropertyName("ruleSet")] public JsonObject? RuleSet { get; init; }
    [JsonPropertyName("deleted")] public bool? Deleted { get; init; }
    [JsonPropertyName("compatibility")] public Compatibility? Compatibility { get; init; }
    [JsonPropertyName("normalize")] public bool? Normalize { get; init; }
    [JsonPropertyName("mode")] public RegistryMode? Mode { get; init; }
    [JsonPropertyName("restore")] public bool? Restore { get; init; }
}
