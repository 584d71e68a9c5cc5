using System.Buffers;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Avro.Generic;
using Avro.IO;
using Stormline.Messaging.Serialization;
using AvroSchema = Avro.Schema;

// The services' event codec, per event: Avro through the direct JSON <-> Avro codec against Apache Avro's generic datums
// (what the services used before), and against JSON Schema framing (the event's own JSON behind five bytes, the peer
// issue 14's target is set against). Rounds alternate between the three so a drifting machine hits each alike.
// Usage: stormline-bench-codec [personal-data] [EVENTS_PER_ROUND] [ROUNDS]; "personal-data" measures sealing and opening
// the event's personal field instead (PersonalDataCase).
var personalData = args.Length > 0 && args[0] == "personal-data";
if (personalData) args = args[1..];
var perRound = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 200_000;
var rounds = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 5;

var schema = AvroSchema.Parse("""
    {"type": "record", "name": "OrderCreated", "namespace": "shop.orders", "fields": [
      {"name": "orderId", "type": "string"}, {"name": "userId", "type": "string"},
      {"name": "lines", "type": {"type": "array", "items": {"type": "record", "name": "OrderLine", "fields": [
        {"name": "sku", "type": "string"}, {"name": "quantity", "type": "int"},
        {"name": "unitPrice", "type": {"type": "bytes", "logicalType": "decimal", "precision": 18, "scale": 2}}]}}},
      {"name": "total", "type": {"type": "bytes", "logicalType": "decimal", "precision": 18, "scale": 2}},
      {"name": "shippingAddress", "type": "string"},
      {"name": "createdAt", "type": {"type": "long", "logicalType": "timestamp-millis"}},
      {"name": "giftMessage", "type": ["null", "string"], "default": null}]}
    """);
const string Event = """{"orderId":"0193a8f2-7c1e-7b3a-9f41-2d6c8e0b5a17","userId":"customer-42","lines":[{"sku":"book-1","quantity":2,"unitPrice":9.90},{"sku":"pen-7","quantity":1,"unitPrice":2.50},{"sku":"mug-3","quantity":3,"unitPrice":7.25}],"total":44.05,"shippingAddress":"12 Harbour Road, Busan","createdAt":"2026-12-07T10:11:12.345+00:00","giftMessage":null}""";

if (personalData)
{
    Stormline.Bench.Codec.PersonalDataCase.Run(Event, perRound, rounds);
    return;
}

var writer = new GenericDatumWriter<object?>(schema);
var reader = new GenericDatumReader<object?>(schema, schema);

byte[] GenericEncode()
{
    using var stream = new MemoryStream();
    writer.Write(AvroJson.ToDatum(JsonNode.Parse(Event), schema), new BinaryEncoder(stream));
    return ConfluentWireFormat.Frame(1, stream.GetBuffer().AsSpan(0, (int)stream.Length));
}

string GenericDecode(byte[] value)
{
    using var stream = new MemoryStream(value, 5, value.Length - 5, writable: false);
    return AvroJson.ToJson(reader.Read(null, new BinaryDecoder(stream)))!.ToJsonString();
}

byte[] DirectEncode()
{
    var buffer = new ArrayBufferWriter<byte>(Event.Length + 5);
    buffer.Write(new byte[] { 0, 0, 0, 0, 1 });
    using (var json = JsonDocument.Parse(Event)) AvroJsonEncoder.Write(json.RootElement, schema, buffer);
    return buffer.WrittenSpan.ToArray();
}

string DirectDecode(byte[] value)
{
    var output = new ArrayBufferWriter<byte>(value.Length * 2);
    using (var json = new Utf8JsonWriter(output))
    {
        ReadOnlySpan<byte> payload = value.AsSpan(5);
        AvroJsonDecoder.Read(ref payload, schema, json);
    }
    return Encoding.UTF8.GetString(output.WrittenSpan);
}

byte[] JsonEncode() => ConfluentWireFormat.Frame(1, Encoding.UTF8.GetBytes(Event));
string JsonDecode(byte[] value) => Encoding.UTF8.GetString(value.AsSpan(5));

if (!GenericEncode().AsSpan().SequenceEqual(DirectEncode()) || GenericDecode(GenericEncode()) != DirectDecode(DirectEncode()))
    throw new InvalidOperationException("the direct codec disagrees with Apache Avro on the sample event");

var codecs = new (string Name, Func<byte[]> Encode, Func<byte[], string> Decode)[]
{
    ("Avro, direct codec", DirectEncode, DirectDecode),
    ("Avro, Apache generic datums", GenericEncode, GenericDecode),
    ("JSON Schema framing", JsonEncode, JsonDecode),
};
var cpu = new double[codecs.Length];
var bytes = new long[codecs.Length];
var sink = 0L;
for (var round = -1; round < rounds; round++) // round -1 warms every path up and is not counted
{
    for (var c = 0; c < codecs.Length; c++)
    {
        var (_, encode, decode) = codecs[c];
        var n = round < 0 ? 20_000 : perRound;
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var started = Process.GetCurrentProcess().TotalProcessorTime;
        for (var i = 0; i < n; i++) sink += decode(encode()).Length;
        var used = Process.GetCurrentProcess().TotalProcessorTime - started;
        if (round < 0) continue;
        cpu[c] += used.TotalMilliseconds;
        bytes[c] += GC.GetAllocatedBytesForCurrentThread() - allocated;
    }
}

var events = (double)perRound * rounds;
Console.WriteLine($"{perRound:N0} events x {rounds} rounds per codec, alternating; encode + decode of one OrderCreated ({Event.Length} B of JSON, {DirectEncode().Length} B framed Avro); checksum {sink}");
Console.WriteLine($"{"codec",-30} {"CPU µs/event",13} {"allocated B/event",18} {"vs JSON Schema",15}");
for (var c = 0; c < codecs.Length; c++)
    Console.WriteLine($"{codecs[c].Name,-30} {cpu[c] * 1000 / events,13:F2} {bytes[c] / events,18:F0} {cpu[c] / cpu[2],14:F2}x");
