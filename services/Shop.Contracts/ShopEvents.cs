using System.Reflection;
using Stormline.EventSourcing.Serialization;

namespace Shop.Contracts;

/// <summary>
/// Every generated event record, found by its <c>Topic</c> constant, so a new event in the model is registered and
/// routed without a hand-kept list. Event type names are the model's event names ("OrderCreated").
/// </summary>
public static class ShopEvents
{
    private static readonly IReadOnlyDictionary<Type, string> Topics = typeof(ShopEvents).Assembly.GetTypes()
        .Where(t => t.Namespace == typeof(ShopEvents).Namespace && t.GetField("Topic", BindingFlags.Public | BindingFlags.Static) is { IsLiteral: true })
        .ToDictionary(t => t, t => (string)t.GetField("Topic")!.GetRawConstantValue()!);

    private static readonly IReadOnlyDictionary<string, string> TopicsByName = Topics.ToDictionary(t => t.Key.Name, t => t.Value, StringComparer.Ordinal);

    public static IReadOnlyCollection<Type> All => [.. Topics.Keys];

    /// <summary>A registry with every shop event under its model name.</summary>
    public static EventTypeRegistry Registry()
    {
        var registry = new EventTypeRegistry();
        foreach (var type in Topics.Keys) registry.Register(type, type.Name);
        return registry;
    }

    /// <summary>The topic an event type is published on; throws for a type that is not a shop event.</summary>
    public static string TopicOf(Type eventType) =>
        Topics.TryGetValue(eventType, out var topic) ? topic : throw new ArgumentException($"{eventType.FullName} is not a shop event.", nameof(eventType));

    /// <summary>The topic of an event by its type name, as stored ("OrderCreated" → "order-events").</summary>
    public static string TopicOf(string eventType) =>
        TopicsByName.TryGetValue(eventType, out var topic) ? topic
            : throw new ArgumentException($"'{eventType}' is not a shop event.", nameof(eventType));
}
