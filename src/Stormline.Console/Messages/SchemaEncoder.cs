using System.Buffers.Binary;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Confluent.SchemaRegistry;
using Json.Schema;
using Stormline.OpsConsole.Api;

namespace Stormline.OpsConsole.Messages;

/// <summary>
/// Encodes a value typed as JSON with a subject's registered schema, in the Confluent wire format (magic byte 0, the
/// schema id as 4 big-endian bytes, the payload), so any Confluent deserializer reads it: Avro written from the JSON,
/// JSON Schema validated and sent as UTF-8 JSON. Protobuf is refused (a value cannot be typed as JSON without its descriptors).
/// </summary>
internal sealed class SchemaEncoder(ISchemaRegistryClient? registry)
{
    public async Task<EncodedValue> EncodeAsync(string subject, int? version, string? valueText)
    {
        if (registry is null)
        {
            throw new ConsoleProblem(503, "No schema registry", "The console was started without --registry; produce the value as plain text, or restart it with --registry URL.");
        }

        RegisteredSchema schema;
        try
        {
            schema = version is { } v ? await registry.GetRegisteredSchemaAsync(subject, v, ignoreDeletedSchemas: true) : await registry.GetLatestSchemaAsync(subject);
        }
        catch (SchemaRegistryException ex) when (ex.Status == HttpStatusCode.NotFound)
        {
            throw ConsoleProblem.NotFound($"Subject '{subject}'{(version is null ? "" : $" version {version}")} is not in the registry.");
        }

        JsonNode? json;
        try
        {
            json = JsonNode.Parse(valueText ?? "null");
        }
        catch (JsonException ex)
        {
            throw ConsoleProblem.BadRequest($"With a schema the value is typed as JSON, and this is not JSON: {ex.Message}");
        }

        var payload = schema.SchemaType switch
        {
            SchemaType.Avro => Avro(schema, json),
            SchemaType.Json => Validated(schema, json),
            _ => throw ConsoleProblem.BadRequest($"Subject '{subject}' is {schema.SchemaType}; the console encodes Avro and JSON Schema values only."),
        };
        var framed = new byte[5 + payload.Length];
        BinaryPrimitives.WriteInt32BigEndian(framed.AsSpan(1, 4), schema.Id);
        payload.CopyTo(framed, 5);
        return new EncodedValue(framed, schema.Id, schema.Version, schema.SchemaType == SchemaType.Avro ? "avro" : "json-schema");
    }

    private static byte[] Avro(RegisteredSchema schema, JsonNode? json)
    {
        try
        {
            return AvroFromJson.Write(schema.SchemaString, json);
        }
        catch (FormatException ex)
        {
            throw ConsoleProblem.BadRequest($"The value does not fit {schema.Subject} version {schema.Version}: {ex.Message}");
        }
    }

    private static byte[] Validated(RegisteredSchema schema, JsonNode? json)
    {
        var text = json?.ToJsonString() ?? "null";
        using var document = JsonDocument.Parse(text);
        // A registry per schema: $ids of different subjects (or versions) must not collide in the global one.
        var results = JsonSchema.FromText(schema.SchemaString, new BuildOptions { SchemaRegistry = new Json.Schema.SchemaRegistry() })
            .Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (!results.IsValid)
        {
            var errors = results.Details?.Where(d => d.Errors is not null).SelectMany(d => d.Errors!.Select(e => $"{(d.InstanceLocation.ToString() is { Length: > 0 } at ? at : "/")}: {e.Value}")) ?? [];
            throw ConsoleProblem.BadRequest($"The value does not validate against {schema.Subject} version {schema.Version}: {string.Join("; ", errors.Distinct().Take(10))}");
        }

        return Encoding.UTF8.GetBytes(text);
    }
}

/// <summary>A value in the wire format, with the schema it was written with.</summary>
internal sealed record EncodedValue(byte[] Bytes, int SchemaId, int Version, string Format);
