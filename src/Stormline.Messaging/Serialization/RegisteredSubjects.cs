using Confluent.SchemaRegistry;

namespace Stormline.Messaging.Serialization;

/// <summary>The subject naming and latest-schema look-up both registry encoders share.</summary>
internal static class RegisteredSubjects
{
    /// <summary>
    /// TopicRecordNameStrategy as the model names it, <c>&lt;topic&gt;-&lt;EventType&gt;</c>: the fallback for events without a
    /// generated contract; services with one pass its subject (see <c>Stormline.Hosting</c>'s EventSubjects).
    /// </summary>
    public static string Subject(string topic, string eventType) => $"{topic}-{eventType}";

    /// <summary>
    /// The subject's latest schema; a subject with none is an error that says how to register the model's schemas. Asked
    /// as "its versions, then the highest", not GetLatestSchemaAsync, which the client may keep: a caller that drops
    /// a schema the event did not fit must see a version registered since. A version's schema never changes, so that
    /// one is cached by the client.
    /// </summary>
    public static async Task<RegisteredSchema> LatestAsync(ISchemaRegistryClient registry, string subject, string format)
    {
        try
        {
            var versions = await registry.GetSubjectVersionsAsync(subject);
            return versions.Count > 0
                ? await registry.GetRegisteredSchemaAsync(subject, versions.Max())
                : throw new SchemaNotRegisteredException(subject, $"Subject '{subject}' has no live version in the registry; register the model's schemas (stormline schema register --format {format}).");
        }
        catch (SchemaRegistryException e) when (e.ErrorCode == 40401)
        {
            throw new SchemaNotRegisteredException(subject,
                $"Subject '{subject}' has no schema in the registry; register the model's schemas first (stormline schema register --format {format} --registry URL --model FILE).", e);
        }
    }
}
