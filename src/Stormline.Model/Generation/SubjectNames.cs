using Stormline.Model.Elements;

namespace Stormline.Model.Generation;

/// <summary>
/// Registry subjects as Confluent's serializers compute them, so a subject Stormline registers is the one
/// <c>AvroSerializer</c>/<c>JsonSerializer</c> look in under the same strategy. The record name is what those
/// serializers read from the schema: the Avro full name (<c>namespace.Name</c>), the JSON Schema <c>title</c>.
/// </summary>
public static class SubjectNames
{
    public static string For(SubjectStrategy strategy, string topic, string recordName) => strategy switch
    {
        SubjectStrategy.Topic => $"{topic}-value",
        SubjectStrategy.Record => recordName,
        _ => $"{topic}-{recordName}",
    };

    /// <summary>The record name of an event's generated schema in <paramref name="avro"/> or JSON Schema form.</summary>
    public static string RecordName(EventModel model, BoundedContext context, DomainEvent domainEvent, bool avro) =>
        avro ? $"{Naming.AvroNamespace(model.Name, context.Name)}.{domainEvent.Name}" : domainEvent.Name;
}
