using System.Text.Json.Nodes;
using Stormline.Model.Elements;

namespace Stormline.OpsConsole.Messages;

/// <summary>
/// The dotted paths of fields that carry a masked tag (<c>PII</c> by default): from a registered schema's inline
/// <c>confluent:tags</c> (Avro fields, JSON Schema properties) and its <c>metadata.tags</c>, or, for a message with no
/// registered schema, from the model's <c>pii</c> marks of the event its <c>event-type</c> header names. Arrays need no
/// segment of their own: <see cref="FieldMask"/> masks them item by item.
/// </summary>
internal static class TaggedFields
{
    private const string TagsProperty = "confluent:tags";

    public static IReadOnlyList<string> InAvro(string schemaText, IReadOnlySet<string> tags, IDictionary<string, ISet<string>>? metadataTags)
    {
        var root = JsonNode.Parse(schemaText);
        var paths = new List<string>();
        new AvroWalk(tags, paths).Walk(root, "", null);
        if (root is JsonObject record && record["name"] is JsonValue name)
        {
            var fullName = record["namespace"] is JsonValue ns && !((string)name!).Contains('.', StringComparison.Ordinal) ? $"{ns}.{name}" : (string)name!;
            paths.AddRange(FromMetadata(metadataTags, tags, fullName));
        }

        return paths.Distinct(StringComparer.Ordinal).ToList();
    }

    public static IReadOnlyList<string> InJsonSchema(string schemaText, IReadOnlySet<string> tags, IDictionary<string, ISet<string>>? metadataTags)
    {
        var root = JsonNode.Parse(schemaText) as JsonObject;
        var paths = new List<string>();
        if (root is null) return paths;
        JsonWalk(root, root, "", tags, paths, []);
        if (root["title"] is JsonValue title) paths.AddRange(FromMetadata(metadataTags, tags, (string)title!));
        return paths.Distinct(StringComparer.Ordinal).ToList();
    }

    public static IReadOnlyList<string> InModel(EventModel model, string eventType, IReadOnlySet<string> tags) =>
        model.FindEvent(eventType) is { } domainEvent
            ? PersonalDataPaths.Of(model, domainEvent).Where(p => p.Mark.Tags.Any(tags.Contains)).Select(p => p.Path).ToList()
            : [];

    /// <summary>Metadata tags are keyed "&lt;record&gt;.&lt;path&gt;"; the record's own name is left off.</summary>
    private static IEnumerable<string> FromMetadata(IDictionary<string, ISet<string>>? metadataTags, IReadOnlySet<string> tags, string recordName) =>
        metadataTags?.Where(t => t.Value.Any(tags.Contains) && t.Key.StartsWith(recordName + ".", StringComparison.Ordinal))
            .Select(t => t.Key[(recordName.Length + 1)..]) ?? [];

    private static bool Tagged(JsonObject node, IReadOnlySet<string> tags) =>
        node[TagsProperty] is JsonArray marks && marks.Any(m => m is JsonValue v && v.TryGetValue<string>(out var tag) && tags.Contains(tag));

    private static void JsonWalk(JsonObject root, JsonObject node, string prefix, IReadOnlySet<string> tags, List<string> paths, HashSet<string> visiting)
    {
        if (node["$ref"] is JsonValue reference && (string?)reference is { } target && target.StartsWith("#/", StringComparison.Ordinal))
        {
            var resolved = target[2..].Split('/').Aggregate((JsonNode?)root, (at, segment) => at?[segment]) as JsonObject;
            if (resolved is not null && visiting.Add(target))
            {
                JsonWalk(root, resolved, prefix, tags, paths, visiting);
                visiting.Remove(target);
            }
        }

        if (node["properties"] is JsonObject properties)
        {
            foreach (var (name, property) in properties)
            {
                if (property is not JsonObject schema) continue;
                if (Tagged(schema, tags)) paths.Add(prefix + name);
                else JsonWalk(root, schema, $"{prefix}{name}.", tags, paths, visiting);
            }
        }

        if (node["items"] is JsonObject items) JsonWalk(root, items, prefix, tags, paths, visiting);
        foreach (var key in new[] { "anyOf", "oneOf", "allOf" })
            foreach (var branch in (node[key] as JsonArray)?.OfType<JsonObject>() ?? [])
                JsonWalk(root, branch, prefix, tags, paths, visiting);
    }

    /// <summary>Walks an Avro schema's JSON: records, named-type references, unions and arrays.</summary>
    private sealed class AvroWalk(IReadOnlySet<string> tags, List<string> paths)
    {
        private readonly Dictionary<string, JsonObject> _named = new(StringComparer.Ordinal);
        private readonly HashSet<string> _visiting = new(StringComparer.Ordinal);

        public void Walk(JsonNode? type, string prefix, string? space)
        {
            switch (type)
            {
                case JsonValue name when (string?)name is { } text:
                    var key = _named.ContainsKey(text) ? text : $"{space}.{text}";
                    if (_named.TryGetValue(key, out var declared) && _visiting.Add(key))
                    {
                        Fields(declared, prefix, space);
                        _visiting.Remove(key);
                    }

                    break;
                case JsonArray union:
                    foreach (var branch in union) Walk(branch, prefix, space);
                    break;
                case JsonObject { } schema when (string?)schema["type"] is "record" or "error":
                    var ns = (string?)schema["namespace"] ?? space;
                    var full = ((string)schema["name"]!).Contains('.', StringComparison.Ordinal) ? (string)schema["name"]! : $"{ns}.{schema["name"]}";
                    _named[full] = schema;
                    _named.TryAdd((string)schema["name"]!, schema);
                    _visiting.Add(full);
                    Fields(schema, prefix, ns);
                    _visiting.Remove(full);
                    break;
                case JsonObject { } schema when (string?)schema["type"] is "array":
                    Walk(schema["items"], prefix, space);
                    break;
                case JsonObject { } schema when schema["type"] is JsonObject or JsonArray:
                    Walk(schema["type"], prefix, space);
                    break;
            }
        }

        private void Fields(JsonObject record, string prefix, string? space)
        {
            foreach (var field in (record["fields"] as JsonArray)?.OfType<JsonObject>() ?? [])
            {
                var path = prefix + (string)field["name"]!;
                if (Tagged(field, tags)) paths.Add(path);
                else Walk(field["type"], path + ".", space);
            }
        }
    }
}
