using System.Text.Json.Nodes;

namespace Stormline.Registry.Checks;

internal sealed partial class JsonSchemaCompatibility
{
    private void CompareProperties(JsonObject reader, JsonObject writer, string path)
    {
        var readerProperties = Resolve(reader["properties"], readerRoot) as JsonObject ?? [];
        var writerProperties = Resolve(writer["properties"], writerRoot) as JsonObject ?? [];
        var readerExtra = reader["additionalProperties"];
        var writerExtra = writer["additionalProperties"];

        foreach (var (name, readerProperty) in readerProperties)
        {
            var at = $"{path}/properties/{name}";
            if (writerProperties[name] is { } writerProperty)
            {
                Compare(readerProperty, writerProperty, at);
            }
            else if (IsFalse(writerExtra))
            {
                // OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CM: the writer could never have written this property.
            }
            else if (writerExtra is JsonObject)
            {
                Compare(readerProperty, writerExtra, at); // covered (or not) by the writer's partially open content model
            }
            else if (!IsEmpty(readerProperty))
            {
                Add("OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL", at, $"property '{name}' is new in the {roles.Reader} schema, but the {roles.Writer} schema's open content model may already have written it with another type");
            }
        }

        foreach (var (name, writerProperty) in writerProperties)
        {
            if (readerProperties.ContainsKey(name) || IsFalse(writerProperty))
            {
                continue;
            }

            var at = $"{path}/properties/{name}";
            if (IsFalse(readerExtra))
            {
                Add("PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL", at, $"property '{name}' of the {roles.Writer} schema is gone from the {roles.Reader} schema, whose closed content model rejects it");
            }
            else if (readerExtra is JsonObject)
            {
                Compare(readerExtra, writerProperty, at);
            }
        }

        if (IsFalse(readerExtra) && !IsFalse(writerExtra))
        {
            Add(writerExtra is JsonObject ? "ADDITIONAL_PROPERTIES_NARROWED" : "ADDITIONAL_PROPERTIES_REMOVED", path + "/additionalProperties", $"the {roles.Reader} schema closes the content model the {roles.Writer} schema left open");
        }
        else if (readerExtra is JsonObject && !IsFalse(writerExtra))
        {
            Compare(readerExtra, writerExtra ?? JsonValue.Create(true), path + "/additionalProperties");
        }
    }

    private void CompareRequired(JsonObject reader, JsonObject writer, string path)
    {
        var writerRequired = Strings(writer["required"]);
        var readerProperties = Resolve(reader["properties"], readerRoot) as JsonObject;
        foreach (var name in Strings(reader["required"]).Where(n => !writerRequired.Contains(n)))
        {
            if ((Resolve(readerProperties?[name], readerRoot) as JsonObject)?.ContainsKey("default") == true)
            {
                continue; // REQUIRED_ATTRIBUTE_WITH_DEFAULT_ADDED
            }

            Add("REQUIRED_ATTRIBUTE_ADDED", $"{path}/required", $"property '{name}' is required by the {roles.Reader} schema but not by the {roles.Writer} schema, and has no default");
        }
    }
}
