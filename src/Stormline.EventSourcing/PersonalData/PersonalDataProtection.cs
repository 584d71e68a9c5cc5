using System.Data.Common;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Stormline.EventSourcing.Streams;

namespace Stormline.EventSourcing.PersonalData;

/// <summary>
/// Crypto-shredding for the store: seals the personal fields of events as they are appended, with their data subject's
/// key, and opens them as they are read; a field whose key was forgotten reads as its erased value. Events without
/// personal fields pass through untouched (one dictionary look-up). Thread-safe.
/// </summary>
public sealed class PersonalDataProtection(PersonalDataMap map, ISubjectKeys keys)
{
    public PersonalDataMap Map { get; } = map ?? throw new ArgumentNullException(nameof(map));

    public ISubjectKeys Keys { get; } = keys ?? throw new ArgumentNullException(nameof(keys));

    /// <summary>The events with their personal fields sealed; the same list when none has any.</summary>
    /// <exception cref="InvalidOperationException">An event with personal data has no value in its subject field.</exception>
    public async Task<IReadOnlyList<EventData>> Protect(IReadOnlyList<EventData> events, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        List<EventData>? sealedEvents = null;
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            if (!Map.TryGet(e.Type, out var shape)) continue;
            var root = JsonNode.Parse(e.Data) as JsonObject ?? throw new InvalidOperationException($"Event {e.EventId} ({e.Type}) is not a JSON object.");
            var subject = SubjectOf(root, shape) ?? throw new InvalidOperationException(
                $"Event {e.EventId} ({e.Type}) carries personal data but its subject field '{shape.SubjectField}' is empty; the data cannot be keyed to a person.");
            var key = await Keys.KeyFor(subject, transaction, cancellationToken);
            foreach (var field in shape.Fields)
                Visit(root, field.Segments, 0, value => value is null || IsEnvelope(value) ? value : JsonValue.Create(FieldEnvelope.Seal(key, field.Path, value.ToJsonString())));
            (sealedEvents ??= [.. events])[i] = e with { Data = root.ToJsonString() };
        }

        return sealedEvents ?? events;
    }

    /// <summary>Opens the personal fields of <paramref name="events"/> in place; a forgotten key gives the field's erased value.</summary>
    public async Task Reveal(IList<StreamEvent> events, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        List<(int Index, JsonObject Root, ProtectedEvent Shape)>? found = null;
        HashSet<string>? keyIds = null;
        for (var i = 0; i < events.Count; i++)
        {
            if (!Map.TryGet(events[i].Type, out var shape) || JsonNode.Parse(events[i].Data) is not JsonObject root) continue;
            foreach (var field in shape.Fields)
                Visit(root, field.Segments, 0, value =>
                {
                    if (EnvelopeOf(value) is { } envelope && FieldEnvelope.KeyIdOf(envelope) is { } keyId) (keyIds ??= new(StringComparer.Ordinal)).Add(keyId);
                    return value;
                });
            (found ??= []).Add((i, root, shape));
        }

        if (found is null) return;
        var known = keyIds is null ? new Dictionary<string, byte[]>() : await Keys.Find(keyIds, transaction, cancellationToken);
        foreach (var (index, root, shape) in found)
        {
            var stored = events[index];
            foreach (var field in shape.Fields)
                Visit(root, field.Segments, 0, value => Open(value, field, known, stored));
            events[index] = stored with { Data = root.ToJsonString() };
        }
    }

    private static JsonNode? Open(JsonNode? value, ProtectedField field, IReadOnlyDictionary<string, byte[]> known, StreamEvent stored)
    {
        if (EnvelopeOf(value) is not { } envelope) return value;
        if (!known.TryGetValue(FieldEnvelope.KeyIdOf(envelope)!, out var key)) return field.Erased?.DeepClone();
        try
        {
            return JsonNode.Parse(FieldEnvelope.Open(envelope, key, field.Path));
        }
        catch (Exception e) when (e is CryptographicException or FormatException or JsonException)
        {
            throw new InvalidDataException($"The personal field '{field.Path}' of event {stored.EventId} at position {stored.GlobalPosition} does not open with its key: it was altered.", e);
        }
    }

    private static string? SubjectOf(JsonObject root, ProtectedEvent shape) => root[shape.SubjectField] switch
    {
        JsonValue value when value.TryGetValue<string>(out var text) => text.Length == 0 ? null : text,
        JsonValue value => value.ToJsonString(),
        _ => null,
    };

    private static string? EnvelopeOf(JsonNode? value) =>
        value is JsonValue scalar && scalar.TryGetValue<string>(out var text) && FieldEnvelope.IsEnvelope(text) ? text : null;

    private static bool IsEnvelope(JsonNode value) => EnvelopeOf(value) is not null;

    /// <summary>Replaces the value at <paramref name="segments"/> (every item where a segment is "[]") by what <paramref name="change"/> returns.</summary>
    private static void Visit(JsonNode? node, IReadOnlyList<string> segments, int at, Func<JsonNode?, JsonNode?> change)
    {
        var last = at == segments.Count - 1;
        if (segments[at] == ProtectedField.EachItem)
        {
            if (node is not JsonArray items) return;
            for (var i = 0; i < items.Count; i++)
            {
                if (last) Replace(items, i, change(items[i]));
                else Visit(items[i], segments, at + 1, change);
            }
        }
        else if (node is JsonObject obj && obj.TryGetPropertyValue(segments[at], out var child))
        {
            if (!last) Visit(child, segments, at + 1, change);
            else if (change(child) is var next && !ReferenceEquals(next, child)) obj[segments[at]] = next;
        }
    }

    private static void Replace(JsonArray items, int index, JsonNode? next)
    {
        if (!ReferenceEquals(items[index], next)) items[index] = next;
    }
}
