using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Avro.Generic;
using Avro.IO;
using Stormline.Messaging.Serialization;
using AvroSchema = Avro.Schema;

namespace Stormline.Messaging.Tests.Serialization;

/// <summary>
/// The direct JSON ⇄ Avro codec against Apache Avro's own writer and reader, which it replaces on the services' hot path:
/// the same bytes out of the same JSON, and the same JSON back out of those bytes, for every shape the shop's schemas use.
/// </summary>
public sealed class AvroJsonCodecTests
{
    private static readonly AvroSchema Schema = AvroSchema.Parse("""
        {"type": "record", "name": "OrderCreated", "namespace": "shop.orders", "fields": [
          {"name": "orderId", "type": {"type": "string", "logicalType": "uuid"}},
          {"name": "customer", "type": "string"},
          {"name": "lines", "type": {"type": "array", "items": {"type": "record", "name": "Line", "fields": [
            {"name": "sku", "type": "string"}, {"name": "quantity", "type": "int"},
            {"name": "unitPrice", "type": {"type": "bytes", "logicalType": "decimal", "precision": 18, "scale": 2}}]}}},
          {"name": "total", "type": {"type": "bytes", "logicalType": "decimal", "precision": 18, "scale": 2}},
          {"name": "status", "type": {"type": "enum", "name": "Status", "symbols": ["Created", "Paid", "Shipped"]}},
          {"name": "at", "type": {"type": "long", "logicalType": "timestamp-millis"}},
          {"name": "atMicros", "type": {"type": "long", "logicalType": "timestamp-micros"}},
          {"name": "note", "type": ["null", "string"], "default": null},
          {"name": "gift", "type": ["null", {"type": "record", "name": "Gift", "fields": [{"name": "message", "type": "string"}]}], "default": null},
          {"name": "sequence", "type": "long"},
          {"name": "weight", "type": "float"},
          {"name": "ratio", "type": "double"},
          {"name": "express", "type": "boolean"},
          {"name": "signature", "type": "bytes"},
          {"name": "tags", "type": {"type": "map", "values": "double"}}
        ]}
        """);

    private static readonly string[] Samples =
    [
        """{"orderId":"0b8f7a4e-9c1d-4e57-a1f2-3c4d5e6f7a8b","customer":"alice","lines":[{"sku":"book-1","quantity":2,"unitPrice":9.9},{"sku":"pen","quantity":1,"unitPrice":"1.005"}],"total":20.805,"status":"Paid","at":"2026-12-07T10:11:12.345+00:00","atMicros":"2026-12-07T10:11:12.345678+09:00","note":"leave at the door","gift":{"message":"생일 축하해 <3 & more"},"sequence":-9007199254740993,"weight":1.25,"ratio":0.1,"express":true,"signature":"AAEC/w==","tags":{"a":1.5,"b":-2}}""",
        """{"orderId":"00000000-0000-0000-0000-000000000000","customer":"","lines":[],"total":-12345678901234.5,"status":"Created","at":"1970-01-01T00:00:00+00:00","atMicros":"2001-02-03T04:05:06Z","note":null,"gift":null,"sequence":0,"weight":-0.0,"ratio":1e300,"express":false,"signature":"","tags":{}}""",
        """{"orderId":"ffffffff-ffff-ffff-ffff-ffffffffffff","customer":"bob","lines":[{"sku":"x","quantity":-2147483648,"unitPrice":0}],"total":0.0,"status":"Shipped","at":"2099-12-31T23:59:59.999+00:00","atMicros":"2099-12-31T23:59:59.999999+00:00","sequence":9223372036854775807,"weight":3.4e38,"ratio":-5e-324,"express":true,"signature":"3q2+7w==","tags":{"only":0}}""",
    ];

    public static TheoryData<string> Events => [.. Samples];

    [Theory]
    [MemberData(nameof(Events))]
    public void Writes_the_bytes_Apache_Avro_writes_and_reads_back_the_JSON_Apache_Avro_reads(string json)
    {
        Assert.True(AvroJsonShapes.Supports(Schema));
        var expected = Generic(json);
        var direct = new ArrayBufferWriter<byte>();
        using (var document = JsonDocument.Parse(json))
            AvroJsonEncoder.Write(document.RootElement, Schema, direct);
        Assert.Equal(expected, direct.WrittenSpan.ToArray());

        var reader = new GenericDatumReader<object?>(Schema, Schema);
        var genericJson = AvroJson.ToJson(reader.Read(null, new BinaryDecoder(new MemoryStream(expected))))!.ToJsonString();
        Assert.Equal(genericJson, Direct(expected));
    }

    [Fact]
    public void JSON_that_does_not_fit_is_refused_as_the_generic_path_refuses_it()
    {
        using var missing = JsonDocument.Parse("""{"orderId":"0b8f7a4e-9c1d-4e57-a1f2-3c4d5e6f7a8b"}""");
        Assert.Throws<FormatException>(() => AvroJsonEncoder.Write(missing.RootElement, Schema, new ArrayBufferWriter<byte>()));
        Assert.ThrowsAny<Exception>(() => Generic("""{"orderId":"0b8f7a4e-9c1d-4e57-a1f2-3c4d5e6f7a8b"}"""));

        var unknownSymbol = Samples[0].Replace("\"status\":\"Paid\"", "\"status\":\"Lost\"", StringComparison.Ordinal);
        using var document = JsonDocument.Parse(unknownSymbol);
        Assert.Throws<Avro.AvroException>(() => AvroJsonEncoder.Write(document.RootElement, Schema, new ArrayBufferWriter<byte>()));
    }

    [Fact]
    public void Bytes_that_end_early_or_name_a_branch_the_union_lacks_are_a_format_error()
    {
        var bytes = Generic(Samples[0]);
        Assert.Throws<FormatException>(() => Direct(bytes[..^3]));
        Assert.Throws<FormatException>(() => Direct([.. bytes[..17], 0x7F]));
    }

    [Fact]
    public void Fixed_and_other_logical_types_are_left_to_Apache_Avro()
    {
        Assert.False(AvroJsonShapes.Supports(AvroSchema.Parse("""{"type":"record","name":"R","fields":[{"name":"f","type":{"type":"fixed","name":"F","size":4}}]}""")));
        Assert.False(AvroJsonShapes.Supports(AvroSchema.Parse("""{"type":"record","name":"R","fields":[{"name":"d","type":{"type":"int","logicalType":"date"}}]}""")));
    }

    private static byte[] Generic(string json)
    {
        using var stream = new MemoryStream();
        new GenericDatumWriter<object?>(Schema).Write(AvroJson.ToDatum(JsonNode.Parse(json), Schema), new BinaryEncoder(stream));
        return stream.ToArray();
    }

    private static string Direct(byte[] avro)
    {
        var output = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(output))
        {
            ReadOnlySpan<byte> payload = avro;
            AvroJsonDecoder.Read(ref payload, Schema, writer);
        }
        return Encoding.UTF8.GetString(output.WrittenSpan);
    }
}
