using System.Collections;
using System.Globalization;
using System.Text.Json.Nodes;
using Avro;
using Avro.Generic;
using Avro.IO;

namespace Stormline.OpsConsole.Messages;

/// <summary>Reads an Avro binary payload with its writer schema into JSON for display (not Avro's own JSON encoding: unions are unwrapped).</summary>
internal static class AvroJson
{
    public static JsonNode? Read(string schemaText, ReadOnlyMemory<byte> payload)
    {
        var schema = Schema.Parse(schemaText);
        var reader = new GenericDatumReader<object?>(schema, schema);
        using var stream = new MemoryStream(payload.ToArray(), writable: false);
        return ToJson(reader.Read(null, new BinaryDecoder(stream)));
    }

    private static JsonNode? ToJson(object? value) => value switch
    {
        null => null,
        GenericRecord record => new JsonObject(record.Schema.Fields.Select(f => KeyValuePair.Create(f.Name, ToJson(record.GetValue(f.Pos))))),
        GenericEnum symbol => JsonValue.Create(symbol.Value),
        GenericFixed fixedValue => JsonValue.Create(Convert.ToBase64String(fixedValue.Value)),
        byte[] bytes => JsonValue.Create(Convert.ToBase64String(bytes)),
        string text => JsonValue.Create(text),
        bool flag => JsonValue.Create(flag),
        int number => JsonValue.Create(number),
        long number => JsonValue.Create(number),
        float number => JsonValue.Create(number),
        double number => JsonValue.Create(number),
        AvroDecimal number => JsonValue.Create(number.ToString(null, CultureInfo.InvariantCulture)),
        DateTime time => JsonValue.Create(time.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture)),
        Guid id => JsonValue.Create(id.ToString()),
        IDictionary map => new JsonObject(map.Keys.Cast<object>().Select(k => KeyValuePair.Create(Convert.ToString(k, CultureInfo.InvariantCulture)!, ToJson(map[k])))),
        IEnumerable items => new JsonArray(items.Cast<object?>().Select(ToJson).ToArray()),
        _ => JsonValue.Create(Convert.ToString(value, CultureInfo.InvariantCulture)),
    };
}
