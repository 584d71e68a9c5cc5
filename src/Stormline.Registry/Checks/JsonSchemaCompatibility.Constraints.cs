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
            var kind = readerTypes.Overlaps(writerTypes) ? "TYPE_NARROWED" : "TYPE_CHANGED";
            Add(kind, path + "/type", $"the type changed from [{string.Join(", ", writerTypes)}] in the {roles.Writer} schema to [{string.Join(", ", readerTypes)}] in the {roles.Reader} schema");
        }
    }

    private void CompareEnum(JsonObject reader, JsonObject writer, string path)
    {
        if (reader["enum"] is not JsonArray readerEnum)
        {
            return;
        }

        if (writer["enum"] is not JsonArray writerEnum)
        {
            Add("ENUM_ARRAY_NARROWED", path + "/enum", $"the {roles.Reader} schema limits the values to an enum the {roles.Writer} schema did not have");
            return;
        }

        var missing = writerEnum.Where(v => !readerEnum.Any(x => JsonNode.DeepEquals(x, v))).Select(v => v?.ToJsonString()).ToList();
        if (missing.Count > 0)
        {
            var narrowed = readerEnum.All(x => writerEnum.Any(v => JsonNode.DeepEquals(x, v)));
            Add(narrowed ? "ENUM_ARRAY_NARROWED" : "ENUM_ARRAY_CHANGED", path + "/enum", $"the {roles.Reader} schema's enum lacks [{string.Join(", ", missing)}]");
        }
    }

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
