using System.Text.Json;
using System.Text.Json.Nodes;
using Stormline.Model.Elements;

namespace Stormline.Model.Generation;

/// <summary>
/// A JSON Schema (draft-07) per event, named by its registry subject. Closed (<c>additionalProperties: false</c>) like the
/// schemas of Confluent's JSON serializer, so that registry compatibility checks mean the same thing for ours.
/// Value objects and enums the event uses are inlined under <c>definitions</c>, so each schema stands alone. A field marked
/// <c>pii</c> carries <c>"confluent:tags": ["PII", …]</c>, beside its <c>$ref</c> when it has one (as Confluent's tagging does).
/// </summary>
public static class JsonSchemaGenerator
{
    public static IEnumerable<GeneratedFile> Generate(EventModel model) =>
        model.Contexts.SelectMany(c => c.Events.Select(e =>
            new GeneratedFile($"schemas/json/{Naming.Subject(c.TopicName, e.Name)}.schema.json", Schema(model, c, e).ToJsonString(Json.Indented) + "\n")));

    public static JsonObject Schema(EventModel model, BoundedContext context, DomainEvent domainEvent)
    {
        var definitions = new JsonObject();
        var schema = new JsonObject
        {
            ["$schema"] = "http://json-schema.org/draft-07/schema#",
            ["$id"] = $"urn:stormline:{model.Name}:{Naming.Subject(context.TopicName, domainEvent.Name)}",
            ["title"] = domainEvent.Name,
        };
        if (domainEvent.Label is not null)
        {
            schema["description"] = domainEvent.Label;
        }

        foreach (var (key, value) in ObjectOf(model, domainEvent.Fields, definitions))
        {
            schema[key] = value?.DeepClone();
        }

        if (definitions.Count > 0)
        {
            schema["definitions"] = definitions;
        }

        return schema;
    }

    private static JsonObject ObjectOf(EventModel model, IReadOnlyList<Field> fields, JsonObject definitions)
    {
        var properties = new JsonObject();
        foreach (var field in fields)
        {
            var property = TypeOf(model, field.Type, definitions);
            if (field.Label is not null && property is JsonObject withDescription && !withDescription.ContainsKey("$ref"))
            {
                withDescription["description"] = field.Label;
            }

            if (field.Pii is not null && property is JsonObject tagged)
            {
                tagged[PersonalDataTags.Property] = PersonalDataTags.Of(field.Pii);
            }

            properties[field.Name] = property;
        }

        return new JsonObject
        {
            ["type"] = "object",
            ["properties"] = properties,
            ["required"] = new JsonArray([.. fields.Where(f => !f.Type.IsOptional).Select(f => JsonValue.Create(f.Name))]),
            ["additionalProperties"] = false,
        };
    }

    private static JsonNode TypeOf(EventModel model, TypeRef type, JsonObject definitions)
    {
        JsonNode element = ElementOf(model, type.Element, definitions);
        if (type.IsArray)
        {
            element = new JsonObject { ["type"] = "array", ["items"] = element };
        }

        return type.IsOptional ? new JsonObject { ["anyOf"] = new JsonArray(element, new JsonObject { ["type"] = "null" }) } : element;
    }

    private static JsonObject ElementOf(EventModel model, string name, JsonObject definitions)
    {
        switch (name)
        {
            case PrimitiveType.String: return new() { ["type"] = "string" };
            case PrimitiveType.Int: return new() { ["type"] = "integer", ["minimum"] = int.MinValue, ["maximum"] = int.MaxValue };
            case PrimitiveType.Long: return new() { ["type"] = "integer" };
            case PrimitiveType.Double or PrimitiveType.Decimal: return new() { ["type"] = "number" };
            case PrimitiveType.Bool: return new() { ["type"] = "boolean" };
            case PrimitiveType.Timestamp: return new() { ["type"] = "string", ["format"] = "date-time" };
            case PrimitiveType.Date: return new() { ["type"] = "string", ["format"] = "date" };
            case PrimitiveType.Uuid: return new() { ["type"] = "string", ["pattern"] = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$" };
            case PrimitiveType.Bytes: return new() { ["type"] = "string", ["contentEncoding"] = "base64" };
        }

        if (!definitions.ContainsKey(name))
        {
            if (model.FindEnum(name) is { } enumType)
            {
                definitions[name] = new JsonObject { ["type"] = "string", ["enum"] = new JsonArray([.. enumType.Symbols.Select(s => JsonValue.Create(s.Name))]) };
            }
            else if (model.FindValueObject(name) is { } valueObject)
            {
                definitions[name] = new JsonObject(); // placeholder first: a type that contains itself must not recurse forever
                var body = ObjectOf(model, valueObject.Fields, definitions);
                body.Insert(0, "title", name);
                definitions[name] = body;
            }
            else
            {
                throw new InvalidOperationException($"type {name} is not declared; run 'stormline model check' first");
            }
        }

        return new JsonObject { ["$ref"] = $"#/definitions/{name}" };
    }
}
