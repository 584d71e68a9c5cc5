using System.Buffers;
using System.Text.Json;

namespace Stormline.EventSourcing.PersonalData;

/// <summary>
/// Copies one JSON value token by token: compact, strings and names re-escaped by the writer's encoder, numbers as
/// written. It gives the same bytes as <c>JsonNode.ToJsonString()</c> of the value, the plaintext envelopes have
/// always sealed, so values sealed before and after the byte-level rewrite read back alike.
/// </summary>
internal static class CompactJson
{
    private const int MaxStackText = 256;

    public static void Copy(ReadOnlySpan<byte> value, Utf8JsonWriter writer)
    {
        var reader = new Utf8JsonReader(value);
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject: writer.WriteStartObject(); break;
                case JsonTokenType.EndObject: writer.WriteEndObject(); break;
                case JsonTokenType.StartArray: writer.WriteStartArray(); break;
                case JsonTokenType.EndArray: writer.WriteEndArray(); break;
                case JsonTokenType.PropertyName: WriteText(ref reader, writer, name: true); break;
                case JsonTokenType.String: WriteText(ref reader, writer, name: false); break;
                case JsonTokenType.Number: writer.WriteRawValue(reader.ValueSpan, skipInputValidation: true); break;
                case JsonTokenType.True: writer.WriteBooleanValue(true); break;
                case JsonTokenType.False: writer.WriteBooleanValue(false); break;
                case JsonTokenType.Null: writer.WriteNullValue(); break;
            }
        }
    }

    private static void WriteText(ref Utf8JsonReader reader, Utf8JsonWriter writer, bool name)
    {
        if (!reader.ValueIsEscaped)
        {
            Write(writer, reader.ValueSpan, name);
            return;
        }

        byte[]? rented = null;
        var buffer = reader.ValueSpan.Length <= MaxStackText ? stackalloc byte[MaxStackText] : (rented = ArrayPool<byte>.Shared.Rent(reader.ValueSpan.Length));
        try
        {
            Write(writer, buffer[..reader.CopyString(buffer)], name);
        }
        finally
        {
            if (rented is not null) ArrayPool<byte>.Shared.Return(rented, clearArray: true);
        }
    }

    private static void Write(Utf8JsonWriter writer, ReadOnlySpan<byte> utf8, bool name)
    {
        if (name) writer.WritePropertyName(utf8);
        else writer.WriteStringValue(utf8);
    }
}
