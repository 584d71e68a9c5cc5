using System.Globalization;

namespace Stormline.OpsConsole.Tracing;

/// <summary>
/// Reads an OTLP <c>ExportTraceServiceRequest</c> (opentelemetry-proto, trace/v1) in its protobuf encoding into
/// flat spans: ResourceSpans(1) → resource(1).attributes(1), scope_spans(2) → spans(2) → trace_id(1), span_id(2),
/// parent_span_id(4), name(5), kind(6), start(7)/end(8) time in Unix ns, attributes(9), status(15).code(3).
/// </summary>
internal static class OtlpTraces
{
    public static List<ReceivedSpan> Read(ReadOnlySpan<byte> request)
    {
        var spans = new List<ReceivedSpan>();
        var reader = new ProtoReader(request);
        while (reader.Next())
        {
            if (reader.Field == 1 && reader.WireType == 2)
            {
                ReadResourceSpans(reader.ReadBytes(), spans);
            }
            else
            {
                reader.Skip();
            }
        }

        return spans;
    }

    private static void ReadResourceSpans(ReadOnlySpan<byte> data, List<ReceivedSpan> spans)
    {
        var service = "unknown";
        var first = spans.Count;
        var reader = new ProtoReader(data);
        while (reader.Next())
        {
            switch (reader.Field, reader.WireType)
            {
                case (1, 2):
                    var resource = Attributes(reader.ReadBytes(), field: 1);
                    service = resource.GetValueOrDefault("service.name", service);
                    break;
                case (2, 2):
                    var scope = new ProtoReader(reader.ReadBytes());
                    while (scope.Next())
                    {
                        if (scope.Field == 2 && scope.WireType == 2)
                        {
                            spans.Add(ReadSpan(scope.ReadBytes()));
                        }
                        else
                        {
                            scope.Skip();
                        }
                    }

                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        // The resource may follow its spans on the wire; stamp the service once the whole message is read.
        for (var i = first; i < spans.Count; i++)
        {
            spans[i] = spans[i] with { Service = service };
        }
    }

    private static ReceivedSpan ReadSpan(ReadOnlySpan<byte> data)
    {
        string traceId = "", spanId = "", name = "";
        string? parent = null;
        var kind = 0;
        ulong start = 0, end = 0;
        var error = false;
        IReadOnlyDictionary<string, string> attributes = new Dictionary<string, string>();
        var reader = new ProtoReader(data);
        while (reader.Next())
        {
            switch (reader.Field, reader.WireType)
            {
                case (1, 2): traceId = Convert.ToHexStringLower(reader.ReadBytes()); break;
                case (2, 2): spanId = Convert.ToHexStringLower(reader.ReadBytes()); break;
                case (4, 2): parent = reader.ReadBytes() is { Length: > 0 } p ? Convert.ToHexStringLower(p) : null; break;
                case (5, 2): name = reader.ReadString(); break;
                case (6, 0): kind = (int)reader.ReadVarint(); break;
                case (7, 1): start = reader.ReadFixed64(); break;
                case (8, 1): end = reader.ReadFixed64(); break;
                case (9, 2): attributes = Merge(attributes, reader.ReadBytes()); break;
                case (15, 2): error = StatusIsError(reader.ReadBytes()); break;
                default: reader.Skip(); break;
            }
        }

        var startTime = DateTimeOffset.UnixEpoch.AddTicks((long)(start / 100));
        return new ReceivedSpan(traceId, spanId, parent, name, Kinds.ElementAtOrDefault(kind) ?? "unspecified", "unknown",
            startTime, (end > start ? end - start : 0) / 1_000_000.0, error, attributes);
    }

    private static readonly string[] Kinds = ["unspecified", "internal", "server", "client", "producer", "consumer"];

    private static Dictionary<string, string> Merge(IReadOnlyDictionary<string, string> into, ReadOnlySpan<byte> keyValue)
    {
        var merged = new Dictionary<string, string>(into, StringComparer.Ordinal);
        var (key, value) = KeyValue(keyValue);
        if (key.Length > 0)
        {
            merged[key] = value;
        }

        return merged;
    }

    /// <summary>Every KeyValue at <paramref name="field"/> of a message (Resource.attributes is field 1).</summary>
    private static Dictionary<string, string> Attributes(ReadOnlySpan<byte> message, int field)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var reader = new ProtoReader(message);
        while (reader.Next())
        {
            if (reader.Field == field && reader.WireType == 2)
            {
                var (key, value) = KeyValue(reader.ReadBytes());
                result[key] = value;
            }
            else
            {
                reader.Skip();
            }
        }

        return result;
    }

    private static (string Key, string Value) KeyValue(ReadOnlySpan<byte> data)
    {
        string key = "", value = "";
        var reader = new ProtoReader(data);
        while (reader.Next())
        {
            switch (reader.Field, reader.WireType)
            {
                case (1, 2): key = reader.ReadString(); break;
                case (2, 2): value = AnyValue(reader.ReadBytes()); break;
                default: reader.Skip(); break;
            }
        }

        return (key, value);
    }

    /// <summary>AnyValue as text: string(1), bool(2), int(3), double(4); arrays, maps and bytes as a placeholder.</summary>
    private static string AnyValue(ReadOnlySpan<byte> data)
    {
        var reader = new ProtoReader(data);
        var value = "";
        while (reader.Next())
        {
            switch (reader.Field, reader.WireType)
            {
                case (1, 2): value = reader.ReadString(); break;
                case (2, 0): value = reader.ReadVarint() != 0 ? "true" : "false"; break;
                case (3, 0): value = ((long)reader.ReadVarint()).ToString(CultureInfo.InvariantCulture); break;
                case (4, 1): value = BitConverter.UInt64BitsToDouble(reader.ReadFixed64()).ToString(CultureInfo.InvariantCulture); break;
                default: reader.Skip(); value = "…"; break;
            }
        }

        return value;
    }

    /// <summary>Status.code (field 3) = 2 is STATUS_CODE_ERROR.</summary>
    private static bool StatusIsError(ReadOnlySpan<byte> data)
    {
        var reader = new ProtoReader(data);
        var error = false;
        while (reader.Next())
        {
            if (reader.Field == 3 && reader.WireType == 0)
            {
                error = reader.ReadVarint() == 2;
            }
            else
            {
                reader.Skip();
            }
        }

        return error;
    }
}

/// <summary>One span as the journey shows it; <see cref="DurationMs"/> in milliseconds.</summary>
internal sealed record ReceivedSpan(string TraceId, string SpanId, string? ParentSpanId, string Name, string Kind, string Service,
    DateTimeOffset Start, double DurationMs, bool Error, IReadOnlyDictionary<string, string> Attributes);
