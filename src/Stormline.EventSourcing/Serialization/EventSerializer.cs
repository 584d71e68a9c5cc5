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
        return Deserialize(stored.Type, stored.Data, stored.GlobalPosition);
    }

    /// <summary>The same for an event that did not come from the store (e.g. a Kafka message); <paramref name="position"/> only names it in errors.</summary>
    public object Deserialize(string type, string data, long position)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(data);
        var name = type;
        try
        {
            JsonObject? upcast = null;
            HashSet<string>? seen = null; // only events with upcasters pay for the cycle check
            while (Registry.TryGetUpcaster(name, out var upcaster))
            {
                if (!(seen ??= new HashSet<string>(StringComparer.Ordinal)).Add(name)) throw new InvalidOperationException($"Upcasters for '{type}' form a cycle at '{name}'.");
                upcast = upcaster.Upcast(upcast ?? Parse(data));
                name = upcaster.To;
            }

            if (!Registry.TryGetType(name, out var clrType)) throw new UnknownEventTypeException(name);
            var result = upcast is null ? JsonSerializer.Deserialize(data, clrType, _options) : upcast.Deserialize(clrType, _options);
            return result ?? throw new JsonException("The payload is JSON null.");
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or InvalidOperationException)
        {
            throw new EventDeserializationException(type, position, e);
        }
    }

    private static JsonObject Parse(string data) =>
        JsonNode.Parse(data) as JsonObject ?? throw new JsonException("The payload is not a JSON object.");
}
