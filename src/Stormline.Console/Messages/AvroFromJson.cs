using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Avro;
using Avro.Generic;
using Avro.IO;

namespace Stormline.OpsConsole.Messages;

/// <summary>
/// Writes plain JSON (as a person types it, the same shape <see cref="AvroJson"/> shows) as Avro binary with a schema:
/// unions take the first branch the value fits, missing fields take their defaults, bytes and fixed are base64,
/// timestamps and dates ISO 8601 (or their number), decimals a string or number.
/// </summary>
internal static class AvroFromJson
{
    /// <exception cref="FormatException">The JSON does not fit the schema; the message names the field.</exception>
    public static byte[] Write(string schemaText, JsonNode? json)
    {
        var schema = Schema.Parse(schemaText);
        var datum = Convert(schema, json, "value");
        using var stream = new MemoryStream();
        new GenericDatumWriter<object?>(schema).Write(datum, new BinaryEncoder(stream));
        return stream.ToArray();
    }

    private static object? Convert(Schema schema, JsonNode? node, string path)
    {
        switch (schema)
        {
            case UnionSchema union:
                foreach (var branch in union.Schemas)
                {
                    try
                    {
                        return Convert(branch, node, path);
                    }
                    catch (FormatException)
                    {
                        // Not this branch; try the next.
                    }
                }

                throw Mismatch(path, "one of " + string.Join(", ", union.Schemas.Select(s => s.Name)), node);
            case RecordSchema record:
                if (node is not JsonObject obj)
                {
                    throw Mismatch(path, "an object (" + record.Fullname + ")", node);
                }

                var unknown = obj.Select(p => p.Key).FirstOrDefault(k => !record.Contains(k));
                if (unknown is not null)
                {
                    throw new FormatException($"{path}.{unknown}: {record.Fullname} has no such field.");
                }

                var generic = new GenericRecord(record);
                foreach (var field in record.Fields)
                {
                    var present = obj.TryGetPropertyValue(field.Name, out var child);
                    if (!present && field.DefaultValue is null)
                    {
                        throw new FormatException($"{path}.{field.Name}: required (the field has no default).");
                    }

                    generic.Add(field.Name, Convert(field.Schema, present ? child : JsonNode.Parse(field.DefaultValue!.ToString(Newtonsoft.Json.Formatting.None)), $"{path}.{field.Name}"));
                }

                return generic;
            case EnumSchema symbols:
                var symbol = Text(node, path, "a symbol of " + symbols.Fullname);
                return symbols.Contains(symbol) ? new GenericEnum(symbols, symbol) : throw Mismatch(path, "one of " + string.Join(", ", symbols.Symbols), node);
            case ArraySchema array:
                return node is JsonArray items
                    ? items.Select((item, i) => Convert(array.ItemSchema, item, $"{path}[{i}]")).ToArray()
                    : throw Mismatch(path, "an array", node);
            case MapSchema map:
                return node is JsonObject entries
                    ? entries.ToDictionary(e => e.Key, e => Convert(map.ValueSchema, e.Value, $"{path}.{e.Key}"))
                    : throw Mismatch(path, "an object (map)", node);
            case FixedSchema fixedSchema:
                var fixedBytes = Base64(node, path);
                return fixedBytes.Length == fixedSchema.Size ? new GenericFixed(fixedSchema, fixedBytes) : throw new FormatException($"{path}: {fixedSchema.Size} bytes expected, got {fixedBytes.Length}.");
            case LogicalSchema logical:
                return Logical(logical, node, path);
            case PrimitiveSchema primitive:
                return Primitive(primitive.Tag, node, path);
            default:
                throw new FormatException($"{path}: schema type {schema.Tag} is not supported.");
        }
    }

    private static object? Primitive(Schema.Type type, JsonNode? node, string path)
    {
        var kind = node?.GetValueKind();
        try
        {
            return type switch
            {
                Schema.Type.Null when node is null => null,
                Schema.Type.Boolean when kind is JsonValueKind.True or JsonValueKind.False => node!.GetValue<bool>(),
                Schema.Type.Int when kind is JsonValueKind.Number => int.Parse(node!.ToJsonString(), NumberStyles.Integer, CultureInfo.InvariantCulture),
                Schema.Type.Long when kind is JsonValueKind.Number => long.Parse(node!.ToJsonString(), NumberStyles.Integer, CultureInfo.InvariantCulture),
                Schema.Type.Float when kind is JsonValueKind.Number => float.Parse(node!.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture),
                Schema.Type.Double when kind is JsonValueKind.Number => double.Parse(node!.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture),
                Schema.Type.String when kind is JsonValueKind.String => node!.GetValue<string>(),
                Schema.Type.Bytes => Base64(node, path),
                _ => throw Mismatch(path, type.ToString().ToLowerInvariant(), node),
            };
        }
        catch (OverflowException)
        {
            throw Mismatch(path, "a number that fits " + type.ToString().ToLowerInvariant(), node);
        }
        catch (FormatException ex) when (!ex.Message.StartsWith(path, StringComparison.Ordinal))
        {
            throw Mismatch(path, type.ToString().ToLowerInvariant() + " (a whole number)", node);
        }
    }

    /// <summary>The logical value Avro's writer expects (DateTime, AvroDecimal, Guid…), from text or from the underlying type's value.</summary>
    private static object? Logical(LogicalSchema schema, JsonNode? node, string path)
    {
        var name = schema.LogicalTypeName;
        if (node?.GetValueKind() is JsonValueKind.String && schema.BaseSchema.Tag is not Schema.Type.String)
        {
            var text = node.GetValue<string>();
            if (name.StartsWith("timestamp", StringComparison.Ordinal) || name.StartsWith("local-timestamp", StringComparison.Ordinal) || name == "date")
            {
                return DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var time)
                    ? time
                    : throw Mismatch(path, "an ISO 8601 time", node);
            }

            if (name == "decimal")
            {
                return decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
                    ? new AvroDecimal(number)
                    : throw Mismatch(path, "a decimal", node);
            }
        }

        if (name == "decimal" && node?.GetValueKind() is JsonValueKind.Number)
        {
            return new AvroDecimal(decimal.Parse(node.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture));
        }

        var raw = Convert(schema.BaseSchema, node, path);
        try
        {
            return schema.LogicalType.ConvertToLogicalValue(raw, schema);
        }
        catch (Exception ex) when (ex is AvroException or FormatException or ArgumentException or InvalidCastException)
        {
            throw Mismatch(path, name, node);
        }
    }

    private static string Text(JsonNode? node, string path, string expected) =>
        node?.GetValueKind() is JsonValueKind.String ? node.GetValue<string>() : throw Mismatch(path, expected, node);

    private static byte[] Base64(JsonNode? node, string path)
    {
        var text = Text(node, path, "base64 text");
        var bytes = new byte[text.Length];
        return System.Convert.TryFromBase64String(text, bytes, out var written) ? bytes[..written] : throw Mismatch(path, "base64 text", node);
    }

    private static FormatException Mismatch(string path, string expected, JsonNode? node) =>
        new($"{path}: expected {expected}, got {(node is null ? "null" : node.ToJsonString())}.");
}
