namespace Stormline.Model.Generation;

/// <summary>How model names become code and registry names, in one place so every generator agrees.</summary>
public static class Naming
{
    public static string Pascal(string name) =>
        string.Concat(name.Split(['-', '_', '.', ' '], StringSplitOptions.RemoveEmptyEntries).Select(p => char.ToUpperInvariant(p[0]) + p[1..]));

    /// <summary>The schema registry subject of an event (TopicRecordNameStrategy): <c>order-events-OrderCreated</c>.</summary>
    public static string Subject(string topic, string eventName) => $"{topic}-{eventName}";

    public static string DeadLetterTopic(string topic) => $"{topic}.dlq";

    public static string CSharpNamespace(string system) => $"{Pascal(system)}.Contracts";

    public static string AvroNamespace(string system, string context) => $"{system.ToLowerInvariant().Replace('-', '_')}.{context.Replace('-', '_')}";
}
