using System.Text.Json;
using System.Text.Json.Nodes;
using Stormline.Model.Elements;

namespace Stormline.Model.Generation;

/// <summary>
/// An Avro schema (<c>.avsc</c>) per event, named by its registry subject. Optional fields are <c>["null", T]</c> with a
/// null default, so adding one later stays BACKWARD compatible. Decimals are <c>bytes</c> with the decimal logical type
/// at precision 18, scale 4 (money in any currency); timestamps are <c>timestamp-millis</c>. A field marked <c>pii</c>
/// carries Confluent's field tags, <c>"confluent:tags": ["PII", …]</c>.
/// </summary>
public static class AvroSchemaGenerator
{
    public const int DecimalPrecision = 18;
    public const int DecimalScale = 4;

    public static IEnumerable<GeneratedFile> Generate(EventModel model) =>
        model.Contexts.SelectMany(c => c.Events.Select(e =>
            new GeneratedFile($"schemas/avro/{Naming.Subject(c.TopicName, e.Name)}.avsc", Schema(model, e).ToJsonString(Json.Indented) + "\n")));

    public static JsonObject Schema(EventModel model, DomainEvent domainEvent) =>
        Record(model, domainEvent.Name, domainEvent.Label, domainEvent.Context, domainEvent.Fields, new HashSet<string>(StringComparer.Ordinal));

    private static JsonObject Record(EventModel model, string name, string? label, string context, IReadOnlyList<Field> fields, HashSet<string> defined)
    {
        defined.Add(name);
        var record = new JsonObject { ["type"] = "record", ["name"] = name, ["namespace"] = Naming.AvroNamespace(model.Name, context) };
        if (label is not null)
        {
            record["doc"] = label;
        }

        var list = new JsonArray();
        foreach (var field in fields)
        {
            var entry = new JsonObject { ["name"] = field.Name, ["type"] = TypeOf(model, field.Type, defined) };
            if (field.Type.IsOptional)
            {
                entry["default"] = null;
            }

            if (field.Label is not null)
            {
                entry["doc"] = field.Label;
            }

            if (field.Pii is not null)
            {
                entry[PersonalDataTags.Property] = PersonalDataTags.Of(field.Pii);
            }

            list.Add(entry);
        }

        record["fields"] = list;
        return record;
    }

    private static JsonNode TypeOf(EventModel model, TypeRef type, HashSet<string> defined)
    {
        var element = ElementOf(model, type.Element, defined);
        if (type.IsArray)
        {
            element = new JsonObject { ["type"] = "array", ["items"] = element };
        }

        return type.IsOptional ? new JsonArray("null", element) : element;
    }

    private static JsonNode ElementOf(EventModel model, string name, HashSet<string> defined)
    {
        switch (name)
        {
            case PrimitiveType.String: return "string";
            case PrimitiveType.Int: return "int";
            case PrimitiveType.Long: return "long";
            case PrimitiveType.Double: return "double";
            case PrimitiveType.Bool: return "boolean";
            case PrimitiveType.Bytes: return "bytes";
            case PrimitiveType.Decimal: return new JsonObject { ["type"] = "bytes", ["logicalType"] = "decimal", ["precision"] = DecimalPrecision, ["scale"] = DecimalScale };
            case PrimitiveType.Timestamp: return new JsonObject { ["type"] = "long", ["logicalType"] = "timestamp-millis" };
            case PrimitiveType.Date: return new JsonObject { ["type"] = "int", ["logicalType"] = "date" };
            case PrimitiveType.Uuid: return new JsonObject { ["type"] = "string", ["logicalType"] = "uuid" };
        }

        // Avro defines a named type once per schema; later uses refer to it by full name.
        var valueObject = model.FindValueObject(name);
        var enumType = model.FindEnum(name);
        var context = valueObject?.Context ?? enumType?.Context ?? throw new InvalidOperationException($"type {name} is not declared; run 'stormline model check' first");
        var fullName = $"{Naming.AvroNamespace(model.Name, context)}.{name}";
        if (defined.Contains(name))
        {
            return fullName;
        }

        if (enumType is not null)
        {
            defined.Add(name);
            var result = new JsonObject { ["type"] = "enum", ["name"] = name, ["namespace"] = Naming.AvroNamespace(model.Name, context) };
            if (enumType.Label is not null)
            {
                result["doc"] = enumType.Label;
            }

            result["symbols"] = new JsonArray([.. enumType.Symbols.Select(s => JsonValue.Create(s.Name))]);
            return result;
        }

        return Record(model, name, valueObject!.Label, context, valueObject.Fields, defined);
    }
}
