using System.Buffers.Binary;
using System.Numerics;
using System.Text.Json;
using Avro;

namespace Stormline.Messaging.Serialization;

/// <summary>
/// Reads Avro binary for its schema straight into plain JSON (the event as the store keeps it): no <c>GenericRecord</c>
/// and no <c>JsonNode</c> in between. The same JSON as <see cref="AvroJson.ToJson"/> gives for Apache Avro's datums,
/// for the schemas <see cref="AvroJsonShapes.Supports"/>.
/// </summary>
internal static class AvroJsonDecoder
{
    private static readonly DateTime UnixEpoch = new(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <exception cref="FormatException">The bytes end early or do not fit the schema.</exception>
    public static void Read(ref ReadOnlySpan<byte> avro, Schema schema, Utf8JsonWriter json)
    {
        switch (schema)
        {
            case UnionSchema union:
                var branch = ReadLong(ref avro);
                if (branch < 0 || branch >= union.Count) throw new FormatException($"union branch {branch} is not in {union}");
                Read(ref avro, union.Schemas[(int)branch], json);
                return;
            case RecordSchema record:
                json.WriteStartObject();
                foreach (var field in record.Fields)
                {
                    json.WritePropertyName(field.Name);
                    Read(ref avro, field.Schema, json);
                }
                json.WriteEndObject();
                return;
            case EnumSchema symbols:
                var ordinal = ReadLong(ref avro);
                if (ordinal < 0 || ordinal >= symbols.Count) throw new FormatException($"enum ordinal {ordinal} is not in {symbols.Fullname}");
                json.WriteStringValue(symbols[(int)ordinal]);
                return;
            case ArraySchema array:
                json.WriteStartArray();
                for (var count = BlockCount(ref avro); count != 0; count = BlockCount(ref avro))
                    for (var i = 0L; i < count; i++) Read(ref avro, array.ItemSchema, json);
                json.WriteEndArray();
                return;
            case MapSchema map:
                json.WriteStartObject();
                for (var count = BlockCount(ref avro); count != 0; count = BlockCount(ref avro))
                    for (var i = 0L; i < count; i++)
                    {
                        json.WritePropertyName(Take(ref avro, ReadLength(ref avro)));
                        Read(ref avro, map.ValueSchema, json);
                    }
                json.WriteEndObject();
                return;
            case LogicalSchema logical:
                ReadLogical(ref avro, logical, json);
                return;
            case PrimitiveSchema primitive:
                ReadPrimitive(ref avro, primitive, json);
                return;
            default:
                throw new FormatException($"Avro type {schema.Tag} is not read here");
        }
    }

    private static void ReadLogical(ref ReadOnlySpan<byte> avro, LogicalSchema logical, Utf8JsonWriter json)
    {
        switch (logical.LogicalTypeName)
        {
            case "decimal":
                var scale = Convert.ToByte(logical.GetProperty("scale"), System.Globalization.CultureInfo.InvariantCulture);
                var unscaled = new BigInteger(Take(ref avro, ReadLength(ref avro)), isUnsigned: false, isBigEndian: true);
                json.WriteNumberValue(ToDecimal(unscaled, scale));
                return;
            case "timestamp-millis":
                json.WriteStringValue(new DateTimeOffset(UnixEpoch.AddMilliseconds(ReadLong(ref avro))));
                return;
            case "timestamp-micros":
                json.WriteStringValue(new DateTimeOffset(UnixEpoch.AddTicks(ReadLong(ref avro) * 10)));
                return;
            default:
                Read(ref avro, logical.BaseSchema, json);
                return;
        }
    }

    private static void ReadPrimitive(ref ReadOnlySpan<byte> avro, PrimitiveSchema primitive, Utf8JsonWriter json)
    {
        switch (primitive.Tag)
        {
            case Schema.Type.Null:
                json.WriteNullValue();
                return;
            case Schema.Type.String:
                json.WriteStringValue(Take(ref avro, ReadLength(ref avro)));
                return;
            case Schema.Type.Int:
                json.WriteNumberValue(checked((int)ReadLong(ref avro)));
                return;
            case Schema.Type.Long:
                json.WriteNumberValue(ReadLong(ref avro));
                return;
            case Schema.Type.Float:
                json.WriteNumberValue(BinaryPrimitives.ReadSingleLittleEndian(Take(ref avro, 4)));
                return;
            case Schema.Type.Double:
                json.WriteNumberValue(BinaryPrimitives.ReadDoubleLittleEndian(Take(ref avro, 8)));
                return;
            case Schema.Type.Boolean:
                json.WriteBooleanValue(Take(ref avro, 1)[0] != 0);
                return;
            case Schema.Type.Bytes:
                json.WriteStringValue(Convert.ToBase64String(Take(ref avro, ReadLength(ref avro)))); // escaped as any string ('+' too), as before
                return;
            default:
                throw new FormatException($"Avro type {primitive.Tag} is not read here");
        }
    }

    /// <summary>An array's or map's next block: its item count (a negative count is followed by the block's size in bytes); 0 ends it.</summary>
    private static long BlockCount(ref ReadOnlySpan<byte> avro)
    {
        var count = ReadLong(ref avro);
        if (count >= 0) return count;
        ReadLong(ref avro); // the block's byte size, for skipping; not needed when reading every item
        return -count;
    }

    private static long ReadLong(ref ReadOnlySpan<byte> avro)
    {
        ulong value = 0;
        for (var shift = 0; shift < 70; shift += 7)
        {
            var b = Take(ref avro, 1)[0];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80) return (long)(value >> 1) ^ -(long)(value & 1);
        }
        throw new FormatException("an Avro varint is longer than 10 bytes");
    }

    private static int ReadLength(ref ReadOnlySpan<byte> avro)
    {
        var length = ReadLong(ref avro);
        return length < 0 || length > avro.Length ? throw new FormatException($"a length of {length} with {avro.Length} bytes left") : (int)length;
    }

    private static ReadOnlySpan<byte> Take(ref ReadOnlySpan<byte> avro, int count)
    {
        if (avro.Length < count) throw new FormatException("the Avro value ends early");
        var taken = avro[..count];
        avro = avro[count..];
        return taken;
    }

    /// <summary>unscaled / 10^scale as a decimal with exactly that scale (so 12.50 stays 12.50).</summary>
    private static decimal ToDecimal(BigInteger unscaled, byte scale)
    {
        var magnitude = BigInteger.Abs(unscaled);
        if (magnitude >> 96 != BigInteger.Zero || scale > 28) throw new FormatException($"decimal {unscaled}e-{scale} does not fit a .NET decimal");
        var lo = (int)(uint)(magnitude & uint.MaxValue);
        var mid = (int)(uint)((magnitude >> 32) & uint.MaxValue);
        var hi = (int)(uint)((magnitude >> 64) & uint.MaxValue);
        return new decimal(lo, mid, hi, unscaled.Sign < 0, scale);
    }
}
