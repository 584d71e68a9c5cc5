using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Stormline.Registry.Checks;

internal sealed partial class JsonSchemaCompatibility
{
    private void CompareProperties(JsonObject r, JsonObject w, string path)
    {
        var readerProperties = r["properties"] as JsonObject ?? [];
        var writerProperties = w["properties"] as JsonObject ?? [];
        var readerExtra = r["additionalProperties"];
        var writerExtra = w["additionalProperties"];

        foreach (var (name, readerProperty) in readerProperties)
        {
            var at = $"{path}/properties/{name}";
            var writerPatterns = Matching(w, name);
            if (writerProperties[name] is { } writerProperty)
            {
                Compare(readerProperty, writerProperty, at);
            }
            else if (writerPatterns.Count > 0)
            {
                // The writer wrote this name under its patternProperties: one of those must satisfy the reader.
                if (!writerPatterns.Any(p => Accepts(readerProperty, p)))
                {
                    Compare(readerProperty, writerPatterns[0], at);
                }
            }
            else if (IsFalse(writerExtra))
            {
                // OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL: the writer could never have written this property.
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
            // A name one of the reader's patterns matches is checked against that pattern (ComparePatternProperties).
            if (readerProperties.ContainsKey(name) || IsFalse(writerProperty) || Matching(r, name).Count > 0)
            {
                continue;
            }

            CompareLeftover(readerExtra, writerProperty, $"{path}/properties/{name}",
                $"property '{name}' of the {roles.Writer} schema is gone from the {roles.Reader} schema, whose closed content model rejects it");
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

    /// <summary>
    /// <c>patternProperties</c>. The same pattern on both sides: compare the two schemas (the writer validated every name
    /// it matches with its own). A pattern the reader adds: every source of such names in the writer — its properties
    /// the pattern matches, its other patterns (overlap cannot be ruled out), its additional properties — must satisfy it.
    /// A writer pattern the reader lacks: a closed reader refuses those names, a partially open one must accept them.
    /// </summary>
    private void ComparePatternProperties(JsonObject r, JsonObject w, string path)
    {
        var readerPatterns = r["patternProperties"] as JsonObject ?? [];
        var writerPatterns = w["patternProperties"] as JsonObject ?? [];
        foreach (var (pattern, readerSchema) in readerPatterns)
        {
            var at = $"{path}/patternProperties/{pattern}";
            if (writerPatterns[pattern] is { } same)
            {
                Compare(readerSchema, same, at);
                continue;
            }

            foreach (var (name, writerProperty) in w["properties"] as JsonObject ?? [])
            {
                if (Matches(pattern, name))
                {
                    Compare(readerSchema, writerProperty, $"{path}/properties/{name}");
                }
            }

            foreach (var (other, writerSchema) in writerPatterns)
            {
                Compare(readerSchema, writerSchema, $"{path}/patternProperties/{other}");
            }

            var writerExtra = w["additionalProperties"];
            if (writerExtra is JsonObject)
            {
                Compare(readerSchema, writerExtra, at);
            }
            else if (!IsFalse(writerExtra) && !IsEmpty(readerSchema))
            {
                Add("OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL", at, $"pattern '{pattern}' is new in the {roles.Reader} schema, but the {roles.Writer} schema's open content model may already have written such names with another type");
            }
        }

        var readerExtra = r["additionalProperties"];
        foreach (var (pattern, writerSchema) in writerPatterns)
        {
            if (readerPatterns.ContainsKey(pattern) || IsFalse(writerSchema))
            {
                continue;
            }

            CompareLeftover(readerExtra, writerSchema, $"{path}/patternProperties/{pattern}",
                $"names matching '{pattern}' of the {roles.Writer} schema are refused by the {roles.Reader} schema's closed content model");
        }
    }

    /// <summary>Writer names the reader has no property or pattern for: its additionalProperties decides (closed refuses, a schema must accept).</summary>
    private void CompareLeftover(JsonNode? readerExtra, JsonNode? writerSchema, string at, string refused)
    {
        if (IsFalse(readerExtra))
        {
            Add("PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL", at, refused);
        }
        else if (readerExtra is JsonObject)
        {
            Compare(readerExtra, writerSchema, at);
        }
    }

    /// <summary>The schemas of <paramref name="schema"/>'s patternProperties whose pattern matches <paramref name="name"/>.</summary>
    private static List<JsonNode?> Matching(JsonObject schema, string name) =>
        (schema["patternProperties"] as JsonObject ?? []).Where(p => Matches(p.Key, name)).Select(p => p.Value).ToList();

    /// <summary>JSON Schema patterns are ECMA-262 regexes, unanchored; one .NET cannot read is taken to match (fail closed).</summary>
    private static bool Matches(string pattern, string name)
    {
        try
        {
            return Regex.IsMatch(name, pattern, RegexOptions.ECMAScript, TimeSpan.FromMilliseconds(100));
        }
        catch (Exception ex) when (ex is ArgumentException or RegexMatchTimeoutException)
        {
            return true;
        }
    }

    private void CompareRequired(JsonObject r, JsonObject w, string path)
    {
        var writerRequired = Strings(w["required"]);
        var readerProperties = r["properties"] as JsonObject;
        foreach (var name in Strings(r["required"]).Where(n => !writerRequired.Contains(n)))
        {
            var property = readerProperties?[name];
            if (TryResolve(ref property, reader, null) && (property as JsonObject)?.ContainsKey("default") == true)
            {
                continue; // REQUIRED_ATTRIBUTE_WITH_DEFAULT_ADDED
            }

            var parent = FieldOf(path);
            Add("REQUIRED_ATTRIBUTE_ADDED", $"{path}/required", $"property '{name}' is required by the {roles.Reader} schema but not by the {roles.Writer} schema, and has no default",
                parent.Length == 0 ? name : $"{parent}.{name}");
        }
    }
}
