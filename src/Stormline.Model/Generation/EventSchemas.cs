using Stormline.Model.Elements;

namespace Stormline.Model.Generation;

/// <summary>The model's events as registry subjects and schema texts, from the same generators as <c>stormline generate</c>.</summary>
public static class EventSchemas
{
    /// <summary>Every event's schema; <paramref name="problem"/> says why there are none (two event types in one subject).</summary>
    public static IReadOnlyList<EventSchema> From(EventModel model, SchemaFormat format, SubjectStrategy strategy, out string? problem)
    {
        var schemas = model.Contexts.SelectMany(context => context.Events.Select(e =>
        {
            var (type, text) = format == SchemaFormat.Avro
                ? ("AVRO", AvroSchemaGenerator.Schema(model, e).ToJsonString())
                : ("JSON", JsonSchemaGenerator.Schema(model, context, e).ToJsonString());
            var record = SubjectNames.RecordName(model, context, e, format == SchemaFormat.Avro);
            var subject = SubjectNames.For(strategy, context.TopicName, record);
            return new EventSchema(e.Name, context.TopicName, subject, type, text, PersonalDataTags.Metadata(model, e, record));
        })).ToList();

        var shared = schemas.GroupBy(s => s.Subject).FirstOrDefault(g => g.Count() > 1);
        problem = shared is null
            ? null
            : $"subject {shared.Key} would hold {shared.Count()} event types ({string.Join(", ", shared.Select(s => s.Event))}), and a subject has one schema history; "
                + "use --subject-strategy topic-record (the default) or record";
        return problem is null ? schemas : [];
    }
}
