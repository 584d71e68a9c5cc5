using System.Text.Json.Nodes;

namespace Stormline.Registry.Checks;

internal sealed partial class JsonSchemaCompatibility
{
    /// <summary>Keywords the comparison above understands.</summary>
    private static readonly HashSet<string> Modelled =
    [
        "type", "enum", "const", "maxLength", "minLength", "maximum", "minimum", "exclusiveMaximum", "exclusiveMinimum",
        "multipleOf", "pattern", "maxItems", "minItems", "uniqueItems", "items", "prefixItems", "additionalItems",
        "contains", "minContains", "maxContains", "maxProperties", "minProperties", "properties", "patternProperties",
        "additionalProperties", "required", "dependencies", "dependentRequired", "dependentSchemas", "not", "anyOf",
        "oneOf", "allOf", "$ref",
    ];

    /// <summary>Keywords that constrain nothing: annotations, identifiers and the containers <c>$ref</c>s point into.</summary>
    private static readonly HashSet<string> Annotations =
    [
        "$schema", "$id", "id", "$anchor", "$comment", "$vocabulary", "title", "description", "default", "examples",
        "deprecated", "readOnly", "writeOnly", "definitions", "$defs", "contentEncoding", "contentMediaType",
    ];

    /// <summary>
    /// Fail closed: a keyword the checker does not model (<c>if</c>/<c>then</c>/<c>else</c>, <c>propertyNames</c>,
    /// <c>unevaluatedProperties</c>, <c>format</c>, <c>$dynamicRef</c>, a vendor's own…) is safe only where the reader
    /// carries exactly what the writer did, with no <c>$ref</c> inside whose target could differ; anything else is
    /// UNMODELLED_KEYWORD. Only the reader's side matters: a writer-only constraint narrows what was written.
    /// Keywords of Confluent's and Kafka Connect's (<c>connect.*</c>, <c>confluent:*</c>) are annotations.
    /// </summary>
    private void CompareUnmodelled(JsonObject r, JsonObject w, string path)
    {
        foreach (var (keyword, value) in r)
        {
            if (Modelled.Contains(keyword) || Annotations.Contains(keyword) || keyword.StartsWith("connect.", StringComparison.Ordinal) || keyword.StartsWith("confluent:", StringComparison.Ordinal))
            {
                continue;
            }

            if (!JsonNode.DeepEquals(value, w[keyword]) || value?.ToJsonString().Contains("\"$ref\"", StringComparison.Ordinal) == true)
            {
                Add("UNMODELLED_KEYWORD", $"{path}/{keyword}", $"the {roles.Reader} schema's '{keyword}' is not modelled by the compatibility check, and it differs from the {roles.Writer} schema's, so it may refuse what was written");
            }
        }
    }
}
