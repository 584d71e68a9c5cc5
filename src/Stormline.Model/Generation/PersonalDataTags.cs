using System.Text.Json.Nodes;
using Stormline.Model.Elements;

namespace Stormline.Model.Generation;

/// <summary>
/// Confluent's data-contract tags for fields marked <c>pii</c>: the inline field property of Avro and JSON Schema, and
/// the register request's <c>metadata.tags</c> (field path → tags), so a registry, a console or a Confluent client can
/// find personal data without the model.
/// </summary>
public static class PersonalDataTags
{
    /// <summary>The schema property Confluent reads field tags from.</summary>
    public const string Property = "confluent:tags";

    public static JsonArray Of(PersonalDataMark mark) => new([.. mark.Tags.Select(t => JsonValue.Create(t))]);

    /// <summary><c>{"tags": {"&lt;record&gt;.&lt;path&gt;": ["PII", …]}}</c> for an event with marked fields, else null.</summary>
    public static JsonObject? Metadata(EventModel model, DomainEvent domainEvent, string recordName)
    {
        var tags = new JsonObject();
        foreach (var (path, mark) in PersonalDataPaths.Of(model, domainEvent))
        {
            tags[$"{recordName}.{path}"] = Of(mark);
        }

        return tags.Count == 0 ? null : new JsonObject { ["tags"] = tags };
    }
}
