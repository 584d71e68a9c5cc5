using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Stormline.Registry.Checks;
using Stormline.Registry.Rest.Contracts;

namespace Stormline.Registry.Storage;

/// <summary>
/// Registry records as Kafka key/value pairs in the JSON shapes of Confluent's <c>_schemas</c> topic, so the topic is
/// compacted per key the same way: SCHEMA keys are per subject version (a null value is a hard delete), CONFIG and MODE
/// keys per subject (null subject: global; a null value clears). Keys keep Confluent's field order
/// (keytype, subject, version, magic) so equal keys are equal bytes. Key types this registry does not use
/// (NOOP, DELETE_SUBJECT, CLEAR_SUBJECT, CONTEXT…) decode to null and are skipped. SCHEMA_ID keys
/// (<c>{"keytype":"SCHEMA_ID","id":7,"magic":0}</c>) are Stormline's own: see <see cref="LogRecord"/>.
/// </summary>
internal static class SchemasTopicFormat
{
    private const string KeyType = "keytype";

    public static (byte[] Key, byte[]? Value) Encode(LogRecord record) => record.Kind switch
    {
        LogRecord.SchemaKind => (Key("SCHEMA", record.Subject, record.Version, magic: 1), Bytes(SchemaValue(record))),
        LogRecord.DeleteVersionKind => (Key("SCHEMA", record.Subject, record.Version, magic: 1), null),
        LogRecord.AbsentKind => (Key("SCHEMA", record.Subject, record.Version, magic: 1), Bytes(new JsonObject { ["subject"] = record.Subject, ["version"] = record.Version, ["absent"] = true })),
        LogRecord.ConfigKind => (Key("CONFIG", record.Subject, null, magic: 0), record.Compatibility is null && record.Normalize is null ? null : Bytes(ConfigValue(record))),
        LogRecord.ModeKind => (Key("MODE", record.Subject, null, magic: 0), record.Mode is { } mode ? Bytes(new JsonObject { ["subject"] = record.Subject, ["mode"] = CompatibilityNames.Name(mode) }) : null),
        LogRecord.SchemaIdKind => (Bytes(new JsonObject { [KeyType] = "SCHEMA_ID", ["id"] = record.Id, ["magic"] = 0 }), Bytes(SchemaValue(record))),
        _ => throw new ArgumentOutOfRangeException(nameof(record), record.Kind, "unknown registry record kind"),
    };

    /// <summary>The record a key/value pair stands for; null for key types this registry does not use.</summary>
    public static LogRecord? Decode(byte[] key, byte[]? value)
    {
        var k = JsonNode.Parse(key)?.AsObject() ?? throw new InvalidDataException("a registry record key is JSON null");
        var subject = k["subject"]?.GetValue<string>();
        var v = value is null ? null : JsonNode.Parse(value)?.AsObject();
        switch (k[KeyType]?.GetValue<string>())
        {
            case "SCHEMA":
                var version = k["version"]?.GetValue<int>() ?? throw new InvalidDataException("a SCHEMA key has no version");
                if (v is null || v["absent"]?.GetValue<bool>() == true)
                {
                    return new LogRecord { Kind = v is null ? LogRecord.DeleteVersionKind : LogRecord.AbsentKind, Subject = subject, Version = version };
                }

                return new LogRecord
                {
                    Kind = LogRecord.SchemaKind, Subject = subject, Version = version, Id = v["id"]!.GetValue<int>(),
                    SchemaType = v["schemaType"]?.GetValue<string>() ?? "AVRO", Schema = v["schema"]!.GetValue<string>(),
                    References = References(v), Metadata = v["metadata"] as JsonObject, RuleSet = v["ruleSet"] as JsonObject,
                    Deleted = v["deleted"]?.GetValue<bool>() ?? false, Restore = v["restore"]?.GetValue<bool>() == true ? true : null,
                };
            case "SCHEMA_ID" when v is not null:
                return new LogRecord
                {
                    Kind = LogRecord.SchemaIdKind, Id = v["id"]!.GetValue<int>(), SchemaType = v["schemaType"]?.GetValue<string>() ?? "AVRO",
                    Schema = v["schema"]!.GetValue<string>(), References = References(v),
                    Metadata = v["metadata"] as JsonObject, RuleSet = v["ruleSet"] as JsonObject,
                };
            case "CONFIG":
                return new LogRecord
                {
                    Kind = LogRecord.ConfigKind, Subject = subject,
                    Compatibility = v?["compatibilityLevel"]?.GetValue<string>() is { } level ? CompatibilityNames.Parse<Compatibility>(level) : null,
                    Normalize = v?["normalize"]?.GetValue<bool>(),
                };
            case "MODE":
                return new LogRecord
                {
                    Kind = LogRecord.ModeKind, Subject = subject,
                    Mode = v?["mode"]?.GetValue<string>() is { } mode ? CompatibilityNames.Parse<RegistryMode>(mode) : null,
                };
            default:
                return null;
        }
    }

    private static List<SchemaReference>? References(JsonObject value) =>
        value["references"]?.Deserialize<List<SchemaReference>>() is { Count: > 0 } references ? references : null;

    private static byte[] Key(string keyType, string? subject, int? version, int magic)
    {
        var key = new JsonObject { [KeyType] = keyType, ["subject"] = subject };
        if (version is not null)
        {
            key["version"] = version;
        }

        key["magic"] = magic;
        return Bytes(key);
    }

    private static JsonObject SchemaValue(LogRecord record)
    {
        var value = record.Kind == LogRecord.SchemaIdKind
            ? new JsonObject { ["id"] = record.Id }
            : new JsonObject { ["subject"] = record.Subject, ["version"] = record.Version, ["id"] = record.Id };
        if (record.SchemaType is { } type && type != "AVRO")
        {
            value["schemaType"] = type; // left out for AVRO, as Confluent writes it
        }

        if (record.References is { Count: > 0 } references)
        {
            value["references"] = JsonSerializer.SerializeToNode(references);
        }

        value["schema"] = record.Schema;
        if (record.Metadata is { } metadata)
        {
            value["metadata"] = metadata.DeepClone(); // Confluent's SCHEMA value carries the data contract beside the schema
        }

        if (record.RuleSet is { } ruleSet)
        {
            value["ruleSet"] = ruleSet.DeepClone();
        }
        if (record.Kind == LogRecord.SchemaKind)
        {
            value["deleted"] = record.Deleted == true;
        }

        if (record.Restore == true)
        {
            value["restore"] = true;
        }

        return value;
    }

    private static JsonObject ConfigValue(LogRecord record)
    {
        var value = new JsonObject { ["subject"] = record.Subject };
        if (record.Compatibility is { } level)
        {
            value["compatibilityLevel"] = CompatibilityNames.Name(level);
        }

        if (record.Normalize is { } normalize)
        {
            value["normalize"] = normalize;
        }

        return value;
    }

    private static byte[] Bytes(JsonNode node) => Encoding.UTF8.GetBytes(node.ToJsonString());
}
