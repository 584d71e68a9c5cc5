using System.Collections;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Stormline.EventSourcing.Serialization;

namespace Stormline.EventSourcing.PersonalData;

/// <summary>
/// Which stored event types carry personal data, where, and whose it is. Built from the registered event types by the
/// members <c>stormline generate</c> writes from the model's <c>pii</c> marks: <c>public const string DataSubject</c>
/// (the subject field's wire name) and <c>public static IReadOnlyList&lt;string&gt; PersonalFields</c> (marked fields'
/// wire names), on events and on the value objects they contain. Immutable; thread-safe.
/// </summary>
public sealed class PersonalDataMap
{
    /// <summary>What an erased string field reads as; other types read as null (when optional) or their zero value.</summary>
    public const string ErasedText = "[erased]";

    public const string SubjectMember = "DataSubject";
    public const string FieldsMember = "PersonalFields";

    private const int MaxDepth = 16; // a type that contains itself erases to null below this

    private readonly Dictionary<string, ProtectedEvent> _events;

    public PersonalDataMap(IReadOnlyDictionary<string, ProtectedEvent> events) =>
        _events = new Dictionary<string, ProtectedEvent>(events, StringComparer.Ordinal);

    public static PersonalDataMap Empty { get; } = new(new Dictionary<string, ProtectedEvent>());

    public bool IsEmpty => _events.Count == 0;

    public IReadOnlyCollection<string> EventTypes => _events.Keys;

    public bool TryGet(string eventType, out ProtectedEvent protectedEvent) => _events.TryGetValue(eventType, out protectedEvent!);

    /// <exception cref="InvalidOperationException">A type carries personal fields but names no data subject.</exception>
    public static PersonalDataMap From(EventTypeRegistry registry, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(options);
        if (!options.IsReadOnly)
        {
            // A copy gets the resolver the serializer would use, so the caller's options stay open to change.
            options = new JsonSerializerOptions(options) { TypeInfoResolver = options.TypeInfoResolver ?? new DefaultJsonTypeInfoResolver() };
            options.MakeReadOnly();
        }

        var events = new Dictionary<string, ProtectedEvent>(StringComparer.Ordinal);
        foreach (var (name, type) in registry.Types)
        {
            var fields = new List<ProtectedField>();
            Walk(type, [], options, fields, []);
            if (fields.Count == 0) continue;
            var subject = type.GetField(SubjectMember, BindingFlags.Public | BindingFlags.Static)?.GetRawConstantValue() as string
                ?? throw new InvalidOperationException($"Event type '{name}' ({type.FullName}) carries personal data ({string.Join(", ", fields.Select(f => f.Path))}) "
                    + $"but has no '{SubjectMember}' constant naming its data subject field; add 'subject:' to the event in the model and regenerate.");
            events[name] = new ProtectedEvent(subject, fields);
        }

        return new PersonalDataMap(events);
    }

    private static void Walk(Type type, List<string> prefix, JsonSerializerOptions options, List<ProtectedField> found, HashSet<Type> visiting)
    {
        var info = options.GetTypeInfo(type);
        if (info.Kind != JsonTypeInfoKind.Object || !visiting.Add(type)) return;
        var marked = PersonalFieldsOf(type);
        foreach (var property in info.Properties)
        {
            if (marked.Contains(property.Name))
            {
                found.Add(new ProtectedField([.. prefix, property.Name], Erased(property.PropertyType, property.IsGetNullable, options, 0)));
                continue;
            }

            var (inner, each) = ElementOf(property.PropertyType);
            List<string> path = each ? [.. prefix, property.Name, ProtectedField.EachItem] : [.. prefix, property.Name];
            Walk(inner, path, options, found, visiting);
        }

        visiting.Remove(type);
    }

    private static HashSet<string> PersonalFieldsOf(Type type)
    {
        var member = (object?)type.GetField(FieldsMember, BindingFlags.Public | BindingFlags.Static)?.GetValue(null)
            ?? type.GetProperty(FieldsMember, BindingFlags.Public | BindingFlags.Static)?.GetValue(null);
        return member is IEnumerable<string> names ? names.ToHashSet(StringComparer.Ordinal) : [];
    }

    /// <summary>The type a property holds, looking through nullable and through a list's items.</summary>
    private static (Type Type, bool Each) ElementOf(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string) || !typeof(IEnumerable).IsAssignableFrom(type)) return (type, false);
        var item = type.IsArray ? type.GetElementType()
            : type.GetInterfaces().Append(type).FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0];
        return item is null ? (type, false) : (item, true);
    }

    /// <summary>The erased value a reader of <paramref name="type"/> still accepts: null when it may be, else the type's zero.</summary>
    private static JsonNode? Erased(Type type, bool nullable, JsonSerializerOptions options, int depth)
    {
        if (nullable || Nullable.GetUnderlyingType(type) is not null || depth > MaxDepth) return null;
        if (type == typeof(string)) return JsonValue.Create(ErasedText);
        if (type.IsValueType) return JsonSerializer.SerializeToNode(Activator.CreateInstance(type), type, options);
        var info = options.GetTypeInfo(type);
        switch (info.Kind)
        {
            case JsonTypeInfoKind.Enumerable:
                return new JsonArray();
            case JsonTypeInfoKind.Dictionary:
                return new JsonObject();
            case JsonTypeInfoKind.Object:
                var erased = new JsonObject();
                foreach (var property in info.Properties)
                    erased[property.Name] = Erased(property.PropertyType, property.IsGetNullable, options, depth + 1);
                return erased;
            default:
                return null;
        }
    }
}
