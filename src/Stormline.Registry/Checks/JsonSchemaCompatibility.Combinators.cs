using System.Text.Json.Nodes;

namespace Stormline.Registry.Checks;

internal sealed partial class JsonSchemaCompatibility
{
    private void CompareSum(JsonObject reader, JsonObject writer, string path, string keyword)
    {
        if (reader[keyword] is not JsonArray readerBranches)
        {
            return;
        }

        var writerBranches = writer[keyword] is JsonArray branches ? branches.ToList() : [writer];
        for (var i = 0; i < writerBranches.Count; i++)
        {
            var branch = writerBranches[i];
            if (!readerBranches.Any(r => new JsonSchemaCompatibility(roles, readerRoot, writerRoot, _inProgress).CompareAlone(r, branch)))
            {
                Add("SUM_TYPE_NARROWED", $"{path}/{keyword}", $"no {keyword} branch of the {roles.Reader} schema accepts branch {i} of the {roles.Writer} schema");
            }
        }
    }

    /// <summary>
    /// <c>allOf</c> on either side: every part the reader demands must be met by some part the writer guaranteed (its
    /// own keywords or one of its <c>allOf</c> members). Dropping a member is safe (PRODUCT_TYPE_NARROWED); adding one
    /// is not (PRODUCT_TYPE_EXTENDED). Conservative: a reader part met only by two writer parts together is reported.
    /// </summary>
    private void CompareProduct(JsonObject reader, JsonObject writer, string path)
    {
        var writerParts = Parts(writer);
        var readerParts = Parts(reader);
        for (var i = 0; i < readerParts.Count; i++)
        {
            var part = readerParts[i];
            if (!writerParts.Any(w => new JsonSchemaCompatibility(roles, readerRoot, writerRoot, _inProgress).CompareAlone(part, w)))
            {
                Add("PRODUCT_TYPE_EXTENDED", $"{path}/allOf", $"the {roles.Reader} schema demands {part?.ToJsonString()}, which no part of the {roles.Writer} schema guaranteed");
            }
        }
    }

    /// <summary>A schema as the conjunction of its own keywords and its <c>allOf</c> members.</summary>
    private static List<JsonNode?> Parts(JsonObject schema)
    {
        var own = new JsonObject(schema.Where(p => p.Key != "allOf").Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone())));
        var parts = new List<JsonNode?> { own };
        if (schema["allOf"] is JsonArray members)
        {
            parts.AddRange(members);
        }

        return parts;
    }

    private bool CompareAlone(JsonNode? reader, JsonNode? writer)
    {
        Compare(reader, writer, "#");
        return _found.Count == 0;
    }
}
