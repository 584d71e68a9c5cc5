using System.Text.Json.Nodes;

namespace Stormline.Registry.Checks;

internal sealed partial class JsonSchemaCompatibility
{
    private static string? SumKeyword(JsonObject schema) => schema["anyOf"] is JsonArray ? "anyOf" : schema["oneOf"] is JsonArray ? "oneOf" : null;

    /// <summary>
    /// <c>anyOf</c>/<c>oneOf</c> on the reader: every branch the writer could have written must be accepted by some reader
    /// branch (a lost branch is SUM_TYPE_NARROWED). Turning <c>anyOf</c> into <c>oneOf</c> is COMBINED_TYPE_CHANGED (a
    /// document that matched two branches is now refused); <c>oneOf</c> into <c>anyOf</c> only widens.
    /// </summary>
    private void CompareSum(JsonObject r, JsonObject w, string path)
    {
        if (SumKeyword(r) is not { } keyword)
        {
            return;
        }

        var readerBranches = (JsonArray)r[keyword]!;
        var writerKeyword = SumKeyword(w);
        if (keyword == "oneOf" && writerKeyword == "anyOf" && w["oneOf"] is null)
        {
            Add("COMBINED_TYPE_CHANGED", $"{path}/oneOf", $"the {roles.Reader} schema's oneOf refuses documents that matched several anyOf branches of the {roles.Writer} schema");
        }

        var writerBranches = writerKeyword is null ? [w] : ((JsonArray)w[writerKeyword]!).ToList();
        for (var i = 0; i < writerBranches.Count; i++)
        {
            var branch = writerBranches[i];
            if (!readerBranches.Any(b => Accepts(b, branch)))
            {
                Add("SUM_TYPE_NARROWED", $"{path}/{keyword}", $"no {keyword} branch of the {roles.Reader} schema accepts branch {i} of the {roles.Writer} schema");
            }
        }
    }

    /// <summary>
    /// A writer with <c>anyOf</c>/<c>oneOf</c> and a reader without: the reader must accept each branch, taken together with
    /// the writer's own keywords when they do not overlap (else the branch alone, which only makes the writer wider).
    /// </summary>
    private void CompareWriterBranches(JsonObject r, JsonObject w, string keyword, string path)
    {
        var own = w.Where(p => p.Key != keyword).ToList();
        var branches = (JsonArray)w[keyword]!;
        for (var i = 0; i < branches.Count; i++)
        {
            var branch = branches[i];
            var resolved = branch;
            TryResolve(ref resolved, writer, null);
            JsonNode? written = resolved is JsonObject parts && !own.Any(p => parts.ContainsKey(p.Key))
                ? new JsonObject(own.Concat(parts).Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone())))
                : branch;
            foreach (var found in Trial(r, written))
            {
                var field = FieldOf(path);
                _found.Add(found with
                {
                    Path = $"{path}/{keyword}/{i}",
                    Description = $"at path '{path}/{keyword}/{i}': branch {i} of the {roles.Writer} schema: {found.Description}",
                    Field = field.Length == 0 || found.Field.Length == 0 ? field + found.Field : $"{field}.{found.Field}",
                });
            }
        }
    }

    /// <summary>
    /// <c>allOf</c> on either side: every part the reader demands must be met by some part the writer guaranteed (its
    /// own keywords or one of its <c>allOf</c> members). Dropping a member is safe (PRODUCT_TYPE_NARROWED); adding one
    /// is not (PRODUCT_TYPE_EXTENDED). Conservative: a reader part met only by two writer parts together is reported.
    /// </summary>
    private void CompareProduct(JsonObject r, JsonObject w, string path)
    {
        var writerParts = Parts(w);
        var readerParts = Parts(r);
        for (var i = 0; i < readerParts.Count; i++)
        {
            var part = readerParts[i];
            if (!writerParts.Any(p => Accepts(part, p)))
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
}
