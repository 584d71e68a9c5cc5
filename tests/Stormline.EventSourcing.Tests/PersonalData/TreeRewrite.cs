using System.Text.Json.Nodes;
using Stormline.EventSourcing.PersonalData;
using Stormline.EventSourcing.Streams;

namespace Stormline.EventSourcing.Tests.PersonalData;

/// <summary>
/// The tree rewrite the store used before the byte-level one (parse into a <see cref="JsonNode"/>, replace the marked
/// values, serialize back), kept as the oracle the byte-level rewrite must match.
/// </summary>
internal sealed class TreeRewrite(PersonalDataMap map, ISubjectKeys keys)
{
    public async Task<EventData> Protect(EventData e, CancellationToken cancellationToken)
    {
        if (!map.TryGet(e.Type, out var shape)) return e;
        var root = (JsonObject)JsonNode.Parse(e.Data)!;
        var key = await keys.KeyFor(root[shape.SubjectField]!.GetValue<string>(), null, cancellationToken);
        foreach (var field in shape.Fields)
            Visit(root, field.Segments, 0, value => value is null || EnvelopeOf(value) is not null ? value : JsonValue.Create(FieldEnvelope.Seal(key, field.Path, value.ToJsonString())));
        return e with { Data = root.ToJsonString() };
    }

    public async Task<StreamEvent> Reveal(StreamEvent e, CancellationToken cancellationToken)
    {
        if (!map.TryGet(e.Type, out var shape)) return e;
        var root = (JsonObject)JsonNode.Parse(e.Data)!;
        var keyIds = new HashSet<string>();
        foreach (var field in shape.Fields)
            Visit(root, field.Segments, 0, value =>
            {
                if (EnvelopeOf(value) is { } envelope) keyIds.Add(FieldEnvelope.KeyIdOf(envelope)!);
                return value;
            });
        var known = await keys.Find(keyIds, null, cancellationToken);
        foreach (var field in shape.Fields)
            Visit(root, field.Segments, 0, value => EnvelopeOf(value) is not { } envelope ? value
                : known.TryGetValue(FieldEnvelope.KeyIdOf(envelope)!, out var key) ? JsonNode.Parse(FieldEnvelope.Open(envelope, key, field.Path))
                : field.Erased?.DeepClone());
        return e with { Data = root.ToJsonString() };
    }

    private static string? EnvelopeOf(JsonNode? value) =>
        value is JsonValue scalar && scalar.TryGetValue<string>(out var text) && FieldEnvelope.IsEnvelope(text) ? text : null;

    private static void Visit(JsonNode? node, IReadOnlyList<string> segments, int at, Func<JsonNode?, JsonNode?> change)
    {
        var last = at == segments.Count - 1;
        if (segments[at] == ProtectedField.EachItem)
        {
            if (node is not JsonArray items) return;
            for (var i = 0; i < items.Count; i++)
            {
                if (!last) Visit(items[i], segments, at + 1, change);
                else if (change(items[i]) is var next && !ReferenceEquals(next, items[i])) items[i] = next;
            }
        }
        else if (node is JsonObject obj && obj.TryGetPropertyValue(segments[at], out var child))
        {
            if (!last) Visit(child, segments, at + 1, change);
            else if (change(child) is var next && !ReferenceEquals(next, child)) obj[segments[at]] = next;
        }
    }
}
