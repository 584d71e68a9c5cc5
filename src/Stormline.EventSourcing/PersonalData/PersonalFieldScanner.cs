using System.Text;
using System.Text.Json;

namespace Stormline.EventSourcing.PersonalData;

/// <summary>
/// One forward pass of a <see cref="Utf8JsonReader"/> over an event: where each personal field's value sits, and the
/// data subject. Subtrees that hold no personal field are skipped, not looked into.
/// </summary>
internal static class PersonalFieldScanner
{
    /// <summary>Adds the personal values of <paramref name="json"/> to <paramref name="spots"/>; false when the event is not a JSON object.</summary>
    /// <param name="subject">The subject field's text (a number or boolean as written); null when absent, empty, null or not a scalar.</param>
    /// <exception cref="JsonException">The event is not valid JSON.</exception>
    public static bool Scan(ReadOnlySpan<byte> json, ProtectedEventPlan plan, List<FieldSpot> spots, out string? subject)
    {
        subject = null;
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 256 });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isSubject = reader.ValueTextEquals(plan.Subject);
            var child = plan.Tree.Child(ref reader);
            reader.Read();
            if (isSubject) subject = SubjectOf(ref reader);
            if (child is null) reader.Skip();
            else Value(ref reader, child, spots);
        }
        return true;
    }

    private static void Value(ref Utf8JsonReader reader, FieldPathTree node, List<FieldSpot> spots)
    {
        if (node.Field >= 0)
        {
            var start = (int)reader.TokenStartIndex;
            string? escaped = null;
            var kind = reader.TokenType == JsonTokenType.Null ? FieldSpotKind.Null
                : reader.TokenType == JsonTokenType.String && IsEnvelope(ref reader, out escaped) ? FieldSpotKind.Sealed
                : FieldSpotKind.Plain;
            reader.Skip();
            spots.Add(new FieldSpot(node.Field, start, (int)reader.BytesConsumed, kind, escaped));
        }
        else if (reader.TokenType == JsonTokenType.StartObject)
        {
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var child = node.Child(ref reader);
                reader.Read();
                if (child is null) reader.Skip();
                else Value(ref reader, child, spots);
            }
        }
        else if (reader.TokenType == JsonTokenType.StartArray && node.EachItem is { } each)
        {
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray) Value(ref reader, each, spots);
        }
        else
        {
            reader.Skip();
        }
    }

    private static bool IsEnvelope(ref Utf8JsonReader reader, out string? unescaped)
    {
        unescaped = null;
        if (!reader.ValueIsEscaped) return FieldEnvelope.IsEnvelope(reader.ValueSpan);
        unescaped = reader.GetString();
        return unescaped is not null && FieldEnvelope.IsEnvelope(unescaped);
    }

    private static string? SubjectOf(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.String => reader.GetString() is { Length: > 0 } text ? text : null,
        JsonTokenType.Number or JsonTokenType.True or JsonTokenType.False => Encoding.UTF8.GetString(reader.ValueSpan),
        _ => null,
    };
}
