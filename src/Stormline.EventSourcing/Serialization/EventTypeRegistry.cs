using System.Text.Json.Nodes;

namespace Stormline.EventSourcing.Serialization;

/// <summary>
/// Stable event type names ↔ CLR types, plus upcasters that turn a stored old shape into the current one. Names, not CLR
/// type names, go into the store, so renaming or moving a class never orphans history. Register everything at start-up;
/// reads after that are thread-safe.
/// </summary>
public sealed class EventTypeRegistry
{
    private readonly Dictionary<string, Type> _types = new(StringComparer.Ordinal);
    private readonly Dictionary<Type, string> _names = [];
    private readonly Dictionary<string, Upcaster> _upcasters = new(StringComparer.Ordinal);

    public EventTypeRegistry Register<TEvent>(string name) => Register(typeof(TEvent), name);

    public EventTypeRegistry Register(Type type, string name)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (_types.TryGetValue(name, out var existing) && existing != type)
            throw new ArgumentException($"Event type name '{name}' is already registered for {existing.FullName}.", nameof(name));
        if (_names.TryGetValue(type, out var existingName) && existingName != name)
            throw new ArgumentException($"{type.FullName} is already registered as '{existingName}'.", nameof(type));
        if (_upcasters.ContainsKey(name))
            throw new ArgumentException($"Event type name '{name}' is an upcaster's source; a current type cannot reuse it.", nameof(name));
        _types[name] = type;
        _names[type] = name;
        return this;
    }

    /// <summary>
    /// Stored events named <paramref name="from"/> are rewritten by <paramref name="upcast"/> and read as <paramref name="to"/>,
    /// which may itself be upcast further; chains run until a registered type is reached.
    /// </summary>
    public EventTypeRegistry AddUpcaster(string from, string to, Func<JsonObject, JsonObject> upcast)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(from);
        ArgumentException.ThrowIfNullOrWhiteSpace(to);
        ArgumentNullException.ThrowIfNull(upcast);
        if (_types.ContainsKey(from))
            throw new ArgumentException($"'{from}' is a current event type; only retired names can be upcast.", nameof(from));
        if (!_upcasters.TryAdd(from, new Upcaster(to, upcast)))
            throw new ArgumentException($"An upcaster from '{from}' is already registered.", nameof(from));
        return this;
    }

    /// <exception cref="UnknownEventTypeException">The type was never registered.</exception>
    public string NameOf(Type type) =>
        _names.TryGetValue(type, out var name) ? name : throw new UnknownEventTypeException(type.FullName ?? type.Name);

    /// <summary>Every registered name with its CLR type.</summary>
    public IEnumerable<KeyValuePair<string, Type>> Types => _types;

    public bool TryGetType(string name, out Type type) => _types.TryGetValue(name, out type!);

    internal bool TryGetUpcaster(string name, out Upcaster upcaster) => _upcasters.TryGetValue(name, out upcaster!);

    internal sealed record Upcaster(string To, Func<JsonObject, JsonObject> Upcast);
}
