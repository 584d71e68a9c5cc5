using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json;
using Avro;

namespace Stormline.Messaging.Serialization;

/// <summary>
/// Writes an event's plain JSON as Avro binary for its schema, straight from a <see cref="JsonDocument"/> into the output
/// buffer: no <c>JsonNode</c> tree and no <c>GenericRecord</c> in between. The same mapping as <see cref="AvroJson.ToDatum"/>
/// (a nullable union takes null or its first other branch; decimals rounded to the schema's scale; timestamps from ISO
/// strings), byte for byte the same output as Apache Avro's writer, for the schemas <see cref="AvroJsonShapes.Supports"/>.
/// </summary>
internal static class AvroJsonEncoder
{
    private static readonly DateTime UnixEpoch = new(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    public static void Write(JsonElement json, Schema schema, IBufferWriter<byte> output)
    {
        switch (schema)
        {
            case UnionSchema union:
                var branch = Branch(union, json.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined); // a missing field is null
                if (branch < 0) throw Mismatch(schema, json);
                WriteLong(branch, output);
                Write(json, union.Schemas[branch], output);
                return;
            case RecordSchema record:
                if (json.ValueKind != JsonValueKind.Object) throw Mismatch(schema, json);
                foreach (var field in record.Fields)
                    Write(json.TryGetProperty(field.Name, out var value) ? value : default, field.Schema, output);
                return;
            case EnumSchema symbols:
                if (json.ValueKind != JsonValueKind.String) throw Mismatch(schema, json);
                var symbol = json.GetString()!;
                var ordinal = symbols.Ordinal(symbol); // throws AvroException for a symbol the schema does not have
                WriteLong(ordinal, output);
                return;
            case ArraySchema array:
                if (json.ValueKind != JsonValueKind.Array) throw Mismatch(schema, json);
                var count = json.GetArrayLength();
                if (count > 0)
                {
                    WriteLong(count, output);
                    foreach (var item in json.EnumerateArray()) Write(item, array.ItemSchema, output);
                }
                WriteLong(0, output);
                return;
            case MapSchema map:
                if (json.ValueKind != JsonValueKind.Object) throw Mismatch(schema, json);
                var entries = 0;
                foreach (var _ in json.EnumerateObject()) entries++;
                if (entries > 0)
                {
                    WriteLong(entries, output);
                    foreach (var property in json.EnumerateObject())
                    {
                        WriteString(property.Name, output);
                        Write(property.Value, map.ValueSchema, output);
                    }
                }
                WriteLong(0, output);
                return;
            case LogicalSchema logical:
                WriteLogical(json, logical, output);
                return;
            case PrimitiveSchema primitive:
                WritePrimitive(json, primitive, output);
                return;
            default:
                throw Mismatch(schema, json);
        }
    }

    private static void WriteLogical(JsonElement json, LogicalSchema logical, IBufferWriter<byte> output)
    {
        switch (logical.LogicalTypeName)
        {
            case "decimal":
                var scale = Convert.ToByte(logical.GetProperty("scale"), CultureInfo.InvariantCulture);
                var value = decimal.Round(Number(json), scale) + new decimal(0, 0, 0, false, scale); // exactly the schema's scale
                WriteBytes(Unscaled(value).ToByteArray(isUnsigned: false, isBigEndian: true), output);
                return;
            case "timestamp-millis" or "timestamp-micros":
                if (json.ValueKind != JsonValueKind.String) throw Mismatch(logical, json);
                var since = json.GetDateTimeOffset().UtcDateTime - UnixEpoch;
                WriteLong(logical.LogicalTypeName == "timestamp-millis" ? (long)since.TotalMilliseconds : since.Ticks / 10, output);
                return;
            default:
                Write(json, logical.BaseSchema, output);
                return;
        }
    }

    private static void WritePrimitive(JsonElement json, PrimitiveSchema primitive, IBufferWriter<byte> output)
    {
        if (json.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
        {
            if (primitive.Tag == Schema.Type.Null) return;
            throw Mismatch(primitive, json);
        }

        switch (primitive.Tag)
        {
            case Schema.Type.String:
                WriteString(json.ValueKind == JsonValueKind.String ? json.GetString()! : throw Mismatch(primitive, json), output);
                return;
            case Schema.Type.Int:
                WriteLong(json.GetInt32(), output);
                return;
            case Schema.Type.Long:
                WriteLong(json.GetInt64(), output);
                return;
            case Schema.Type.Float:
                BinaryPrimitives.WriteSingleLittleEndian(output.GetSpan(4), json.GetSingle());
                output.Advance(4);
                return;
            case Schema.Type.Double:
                BinaryPrimitives.WriteDoubleLittleEndian(output.GetSpan(8), json.GetDouble());
                output.Advance(8);
                return;
            case Schema.Type.Boolean:
                output.GetSpan(1)[0] = json.ValueKind switch
                {
                    JsonValueKind.True => 1,
                    JsonValueKind.False => 0,
                    _ => throw Mismatch(primitive, json),
                };
                output.Advance(1);
                return;
            case Schema.Type.Bytes:
                WriteBytes(json.GetBytesFromBase64(), output);
                return;
            default:
                throw Mismatch(primitive, json);
        }
    }

    /// <summary>The union's null branch, or its first other one; -1 when there is none.</summary>
    private static int Branch(UnionSchema union, bool isNull)
    {
        for (var i = 0; i < union.Count; i++)
            if ((union.Schemas[i].Tag == Schema.Type.Null) == isNull) return i;
        return -1;
    }

    /// <summary>Avro's int and long: zig-zag, then 7 bits a byte, low bits first.</summary>
    public static void WriteLong(long value, IBufferWriter<byte> output)
    {
        var zigzag = (ulong)((value << 1) ^ (value >> 63));
        var span = output.GetSpan(10);
        var i = 0;
        while (zigzag >= 0x80)
        {
            span[i++] = (byte)(zigzag | 0x80);
            zigzag >>= 7;
        }
        span[i++] = (byte)zigzag;
        output.Advance(i);
    }

    private static void WriteString(string value, IBufferWriter<byte> output)
    {
        var length = Encoding.UTF8.GetByteCount(value);
        WriteLong(length, output);
        Encoding.UTF8.GetBytes(value, output.GetSpan(length));
        output.Advance(length);
    }

    private static void WriteBytes(ReadOnlySpan<byte> value, IBufferWriter<byte> output)
    {
        WriteLong(value.Length, output);
        value.CopyTo(output.GetSpan(value.Length));
        output.Advance(value.Length);
    }

    /// <summary>The decimal's digits as an integer (its value times 10^scale), sign included.</summary>
    private static BigInteger Unscaled(decimal value)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        var magnitude = ((BigInteger)(uint)bits[2] << 64) | ((BigInteger)(uint)bits[1] << 32) | (uint)bits[0];
        return bits[3] < 0 ? -magnitude : magnitude;
    }

    private static decimal Number(JsonElement json) => json.ValueKind switch
    {
        JsonValueKind.Number => json.GetDecimal(),
        JsonValueKind.String => decimal.Parse(json.GetString()!, CultureInfo.InvariantCulture),
        _ => throw new FormatException($"expected a decimal, found {Kind(json)}"),
    };

    private static string Kind(JsonElement json) => json.ValueKind == JsonValueKind.Undefined ? "nothing" : json.ValueKind.ToString();

    private static FormatException Mismatch(Schema schema, JsonElement found) =>
        new($"the event's JSON does not fit the Avro schema: expected {schema.Fullname}, found {Kind(found)}");
}
