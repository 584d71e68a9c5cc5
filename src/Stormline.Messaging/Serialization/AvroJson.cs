using System.Collections;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Avro;
using Avro.Generic;

namespace Stormline.Messaging.Serialization;

/// <summary>
/// Between an event's plain JSON (as stored) and Avro datums for its schema: records, arrays, maps, enums, nullable
/// unions, decimals (bytes with a scale) and timestamps. Plain JSON, not Avro's JSON encoding: unions are unwrapped.
/// </summary>
internal static class AvroJson
{
    public static object? ToDatum(JsonNode? json, Schema schema)
    {
        switch (schema)
        {
            case UnionSchema union:
                if (json is null)
                {
                    return union.Schemas.Any(s => s.Tag == Schema.Type.Null) ? null : throw Mismatch(schema, "null");
                }

                return ToDatum(json, union.Schemas.First(s => s.Tag != Schema.Type.Null));
            case RecordSchema record:
                var values = json as JsonObject ?? throw Mismatch(schema, json?.GetValueKind().ToString());
                var datum = new GenericRecord(record);
                foreach (var field in record.Fields)
                {
                    datum.Add(field.Name, ToDatum(values[field.Name], field.Schema));
                }

                return datum;
            case EnumSchema symbols:
                return new GenericEnum(symbols, json?.GetValue<string>() ?? throw Mismatch(schema, "null"));
            case ArraySchema array:
                return (json as JsonArray ?? throw Mismatch(schema, json?.GetValueKind().ToString())).Select(item => ToDatum(item, array.ItemSchema)).ToArray();
            case MapSchema map:
                return (json as JsonObject ?? throw Mismatch(schema, json?.GetValueKind().ToString())).ToDictionary(p => p.Key, p => ToDatum(p.Value, map.ValueSchema));
            case LogicalSchema logical:
                return logical.LogicalTypeName switch
                {
                    "decimal" => new AvroDecimal(AtScale(Number(json), Convert.ToByte(logical.GetProperty("scale"), CultureInfo.InvariantCulture))),
                    "timestamp-millis" or "timestamp-micros" => (json ?? throw Mismatch(schema, "null")).GetValue<DateTimeOffset>().UtcDateTime,
                    "uuid" => json?.GetValue<string>(),
                    _ => ToDatum(json, logical.BaseSchema),
                };
            case PrimitiveSchema primitive:
                if (json is null)
                {
                    return primitive.Tag == Schema.Type.Null ? null : throw Mismatch(schema, "null");
                }

                return primitive.Tag switch
                {
                    Schema.Type.String => json.GetValue<string>(),
                    Schema.Type.Int => json.GetValue<int>(),
                    Schema.Type.Long => json.GetValue<long>(),
                    Schema.Type.Float => json.GetValue<float>(),
                    Schema.Type.Double => json.GetValue<double>(),
                    Schema.Type.Boolean => json.GetValue<bool>(),
                    Schema.Type.Bytes => Convert.FromBase64String(json.GetValue<string>()),
                    _ => throw Mismatch(schema, json.GetValueKind().ToString()),
                };
            default:
                throw Mismatch(schema, json?.GetValueKind().ToString());
        }
    }

    public static JsonNode? ToJson(object? datum) => datum switch
    {
        null => null,
        GenericRecord record => new JsonObject(record.Schema.Fields.Select(f => KeyValuePair.Create(f.Name, ToJson(record.GetValue(f.Pos))))),
        GenericEnum symbol => JsonValue.Create(symbol.Value),
        byte[] bytes => JsonValue.Create(Convert.ToBase64String(bytes)),
        AvroDecimal number => JsonValue.Create(decimal.Parse(number.ToString(null, CultureInfo.InvariantCulture), CultureInfo.InvariantCulture)),
        DateTime time => JsonValue.Create(new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc))),
        string or bool or int or long or float or double => JsonValue.Create(datum),
        IDictionary map => new JsonObject(map.Keys.Cast<object>().Select(k => KeyValuePair.Create(Convert.ToString(k, CultureInfo.InvariantCulture)!, ToJson(map[k])))),
        IEnumerable items => new JsonArray(items.Cast<object?>().Select(ToJson).ToArray()),
        _ => JsonValue.Create(Convert.ToString(datum, CultureInfo.InvariantCulture)),
    };

    /// <summary>Avro writes a decimal only at exactly its schema's scale: round, then adding a zero of that scale sets it.</summary>
    private static decimal AtScale(decimal value, byte scale) => decimal.Round(value, scale) + new decimal(0, 0, 0, false, scale);

    private static decimal Number(JsonNode? json) => json?.GetValueKind() switch
    {
        JsonValueKind.Number => json.GetValue<decimal>(),
        JsonValueKind.String => decimal.Parse(json.GetValue<string>(), CultureInfo.InvariantCulture),
        _ => throw new FormatException($"expected a decimal, found {json?.GetValueKind().ToString() ?? "null"}"),
    };

    private static FormatException Mismatch(Schema schema, string? found) =>
        new($"the event's JSON does not fit the Avro schema: expected {schema.Fullname}, found {found ?? "nothing"}");
}
