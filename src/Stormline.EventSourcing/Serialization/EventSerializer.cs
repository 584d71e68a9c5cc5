using System.Text.Json;
using System.Text.Json.Nodes;
using Stormline.EventSourcing.Streams;

namespace Stormline.EventSourcing.Serialization;

/// <summary>Turns domain events into <see cref="EventData"/> and stored events back, JSON via System.Text.Json, names via the registry.</summary>
public sealed class EventSerializer(EventTypeRegistry registry, JsonSerializerOptions? options = null)
{
    private readonly JsonSerializerOptions _options = options ?? new JsonSerializerOptions(JsonSerializerDefaults.Web);

    public EventTypeRegistry Registry { get; } = registry;

    public JsonSerializerOptions Options => _options;

    /// <exception cref="UnknownEventTypeException">The event's CLR type is not registered.</exception>
    public EventData Serialize(object @event, EventMetadata metadata, Guid? eventId = null)
    {
        ArgumentNullException.ThrowIfNull(@event);
        var type = @event.GetType();
        var name = Registry.NameOf(type);
        return new EventData(eventId ?? Guid.CreateVersion7(), name, JsonSerializer.Serialize(@event, type, _options), metadata);
    }

    /// <summary>Runs any upcasters for the stored type name, then deserializes into the registered CLR type.</summary>
    /// <exception cref="UnknownEventTypeException">Neither the type nor an upcaster from it is registered.</exception>
    /// <exception cref="EventDeserializationException">The payload is not valid for its type.</exception>
    public object Deserialize(StreamEvent stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var name = stored.Type;
        try
        {
            JsonObject? upcast = null;
            var seen = new HashSet<string>(StringComparer.Ordinal);
            while (Registry.TryGetUpcaster(name, out var upcaster))
            {
                if (!seen.Add(name)) throw new InvalidOperationException($"Upcasters for '{stored.Type}' form a cycle at '{name}'.");
                upcast = upcaster.Upcast(upcast ?? Parse(stored.Data));
                name = upcaster.To;
            }

            if (!Registry.TryGetType(name, out var type)) throw new UnknownEventTypeException(name);
            var result = upcast is null ? JsonSerializer.Deserialize(stored.Data, type, _options) : upcast.Deserialize(type, _options);
            return result ?? throw new JsonException("The payload is JSON null.");
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or InvalidOperationException)
        {
            throw new EventDeserializationException(stored.Type, stored.GlobalPosition, e);
        }
    }

    private static JsonObject Parse(string data) =>
        JsonNode.Parse(data) as JsonObject ?? throw new JsonException("The payload is not a JSON object.");
}
