using System.Buffers.Binary;
using System.Text;

namespace Stormline.OpsConsole.Tests;

/// <summary>
/// Writes an OTLP ExportTraceServiceRequest in protobuf, field by field from opentelemetry-proto's trace.proto,
/// as an OTLP/HTTP exporter sends it; the test's own encoder, independent of the console's reader.
/// </summary>
internal static class OtlpRequest
{
    public sealed record Span(string Service, string TraceId, string SpanId, string? Parent, string Name, int Kind, DateTimeOffset Start, TimeSpan Duration, bool Error = false);

    public static byte[] Traces(params Span[] spans)
    {
        var request = new MemoryStream();
        foreach (var group in spans.GroupBy(s => s.Service))
        {
            var resourceSpans = new MemoryStream();
            Message(resourceSpans, 1, Bytes(r => Message(r, 1, KeyValue("service.name", group.Key))));
            var scope = new MemoryStream();
            Message(scope, 1, Bytes(s => Text(s, 1, "test-scope")));
            foreach (var span in group)
            {
                Message(scope, 2, Bytes(s =>
                {
                    Message(s, 1, Convert.FromHexString(span.TraceId));
                    Message(s, 2, Convert.FromHexString(span.SpanId));
                    if (span.Parent is not null)
                    {
                        Message(s, 4, Convert.FromHexString(span.Parent));
                    }

                    Text(s, 5, span.Name);
                    Varint(s, (6 << 3) | 0, (ulong)span.Kind);
                    Fixed64(s, 7, Nanos(span.Start));
                    Fixed64(s, 8, Nanos(span.Start + span.Duration));
                    Message(s, 9, KeyValue("messaging.system", "kafka"));
                    if (span.Error)
                    {
                        Message(s, 15, Bytes(st => Varint(st, (3 << 3) | 0, 2)));
                    }
                }));
            }

            Message(resourceSpans, 2, scope.ToArray());
            Message(request, 1, resourceSpans.ToArray());
        }

        return request.ToArray();
    }

    private static ulong Nanos(DateTimeOffset time) => (ulong)(time - DateTimeOffset.UnixEpoch).Ticks * 100;

    private static byte[] KeyValue(string key, string value) => Bytes(kv =>
    {
        Text(kv, 1, key);
        Message(kv, 2, Bytes(any => Text(any, 1, value)));
    });

    private static byte[] Bytes(Action<MemoryStream> write)
    {
        var stream = new MemoryStream();
        write(stream);
        return stream.ToArray();
    }

    private static void Text(MemoryStream to, int field, string text) => Message(to, field, Encoding.UTF8.GetBytes(text));

    private static void Message(MemoryStream to, int field, byte[] payload)
    {
        Varint(to, (ulong)((field << 3) | 2), (ulong)payload.Length, tagOnly: false);
        to.Write(payload);
    }

    private static void Fixed64(MemoryStream to, int field, ulong value)
    {
        WriteVarint(to, (ulong)((field << 3) | 1));
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, value);
        to.Write(bytes);
    }

    private static void Varint(MemoryStream to, int tag, ulong value) => Varint(to, (ulong)tag, value, tagOnly: false);

    private static void Varint(MemoryStream to, ulong tag, ulong value, bool tagOnly)
    {
        WriteVarint(to, tag);
        if (!tagOnly)
        {
            WriteVarint(to, value);
        }
    }

    private static void WriteVarint(MemoryStream to, ulong value)
    {
        while (value >= 0x80)
        {
            to.WriteByte((byte)(value | 0x80));
            value >>= 7;
        }

        to.WriteByte((byte)value);
    }
}
