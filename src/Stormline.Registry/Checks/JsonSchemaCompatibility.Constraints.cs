using System.Text.Json.Nodes;

namespace Stormline.Registry.Checks;

internal sealed partial class JsonSchemaCompatibility
{
    private void CompareTypes(JsonObject reader, JsonObject writer, string path)
    {
        var readerTypes = Types(reader);
        if (readerTypes is null)
        {
            return;
        }

        var writerTypes = Types(writer);
        if (writerTypes is null)
        {
            Add("TYPE_NARROWED", path + "/type", $"the {roles.Reader} schema restricts the type to [{string.Join(", ", readerTypes)}] where the {roles.Writer} schema allowed any");
            return;
        }

        var unread = writerTypes.Where(t => !readerTypes.Contains(t) && !(t == "integer" && readerTypes.Contains("number"))).ToList();
        if (unread.Count > 0)
        {
            // number → integer keeps the integers the writer wrote: Confluent calls that TYPE_NARROWED, as any overlap.
            var narrowed = readerTypes.Overlaps(writerTypes) || (unread.Contains("number") && readerTypes.Contains("integer"));
            Add(narrowed ? "TYPE_NARROWED" : "TYPE_CHANGED", path + "/type", $"the type changed from [{string.Join(", ", writerTypes)}] in the {roles.Writer} schema to [{string.Join(", ", readerTypes)}] in the {roles.Reader} schema");
        }
    }

    /// <summary>
    /// <c>enum</c> and <c>const</c> (an enum of one): every value the writer allowed must be among the reader's. A const
    /// the writer did not have at all is TYPE_CHANGED, as Confluent sees a const schema replace another kind.
    /// </summary>
    private void CompareValues(JsonObject reader, JsonObject writer, string path)
    {
        foreach (var keyword in new[] { "enum", "const" })
        {
            if (AllowedValues(reader, keyword) is not { } readerValues)
            {
                continue;
            }

            var writerValues = AllowedValues(writer, "const") ?? AllowedValues(writer, "enum");
            if (writerValues is null)
            {
                Add(keyword == "const" ? "TYPE_CHANGED" : "ENUM_ARRAY_NARROWED", $"{path}/{keyword}", $"the {roles.Reader} schema limits the values to {keyword} {reader[keyword]?.ToJsonString()}, which the {roles.Writer} schema did not");
                continue;
            }

            var missing = writerValues.Where(v => !readerValues.Any(x => JsonNode.DeepEquals(x, v))).Select(v => v?.ToJsonString()).ToList();
            if (missing.Count > 0)
            {
                var narrowed = readerValues.All(x => writerValues.Any(v => JsonNode.DeepEquals(x, v)));
                Add(narrowed ? "ENUM_ARRAY_NARROWED" : "ENUM_ARRAY_CHANGED", $"{path}/{keyword}", $"the {roles.Reader} schema's {keyword} lacks [{string.Join(", ", missing)}]");
            }
        }
    }

    private static List<JsonNode?>? AllowedValues(JsonObject schema, string keyword) =>
        !schema.TryGetPropertyValue(keyword, out var value) ? null
        : keyword == "const" ? [value]
        : value is JsonArray values ? [.. values] : null;

    /// <summary>An upper bound may only grow (or go) and a lower bound only shrink (or go); adding one is a break.</summary>
    private void CompareBound(JsonObject reader, JsonObject writer, string path, string keyword, bool upper)
    {
        if (Number(reader[keyword]) is not { } readerBound)
        {
            return;
        }

        var name = Screaming(keyword);
        if (Number(writer[keyword]) is not { } writerBound)
        {
            Add(name + "_ADDED", $"{path}/{keyword}", $"the {roles.Reader} schema adds {keyword} {readerBound}");
        }
        else if (upper ? readerBound < writerBound : readerBound > writerBound)
        {
            Add(name + (upper ? "_DECREASED" : "_INCREASED"), $"{path}/{keyword}", $"{keyword} changed from {writerBound} in the {roles.Writer} schema to {readerBound} in the {roles.Reader} schema");
        }
    }

    private void CompareMultipleOf(JsonObject reader, JsonObject writer, string path)
    {
        if (Number(reader["multipleOf"]) is not { } readerStep)
        {
            return;
        }

        if (Number(writer["multipleOf"]) is not { } writerStep)
        {
            Add("MULTIPLE_OF_ADDED", path + "/multipleOf", $"the {roles.Reader} schema adds multipleOf {readerStep}");
        }
        else if (writerStep % readerStep != 0)
        {
            Add(writerStep < readerStep ? "MULTIPLE_OF_EXPANDED" : "MULTIPLE_OF_CHANGED", path + "/multipleOf", $"multipleOf changed from {writerStep} in the {roles.Writer} schema to {readerStep} in the {roles.Reader} schema");
        }
    }

    private void CompareExact(JsonObject reader, JsonObject writer, string path, string keyword, string name)
    {
        if (reader[keyword] is not { } readerValue)
        {
            return;
        }

        if (writer[keyword] is not { } writerValue)
        {
            Add(name + "_ADDED", $"{path}/{keyword}", $"the {roles.Reader} schema adds {keyword} {readerValue.ToJsonString()}");
        }
        else if (!JsonNode.DeepEquals(readerValue, writerValue))
        {
            Add(name + "_CHANGED", $"{path}/{keyword}", $"{keyword} changed from {writerValue.ToJsonString()} to {readerValue.ToJsonString()}");
        }
    }
}
