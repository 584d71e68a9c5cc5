using Stormline.Registry.Rest.Contracts;

namespace Stormline.Registry.Tests.Checks;

/// <summary>Confluent's JSON Schema rules (STRICT), one row each, checked as BACKWARD: does the new schema accept all the old one did?</summary>
public sealed class JsonSchemaRuleTests
{
    private static string Obj(string properties, string extra = "", bool closed = false) =>
        $$"""{"type":"object","properties":{{{properties}}}{{(closed ? ",\"additionalProperties\":false" : "")}}{{extra}}}""";

    private static string Recursive(string valueType) =>
        """{"definitions":{"N":{"type":"object","properties":{"v":{"type":"VALUE"},"next":{"oneOf":[{"type":"null"},{"$ref":"#/definitions/N"}]}}}},"$ref":"#/definitions/N"}"""
            .Replace("VALUE", valueType, StringComparison.Ordinal);

    public static TheoryData<string, string, string, string?> Rules() => new()
    {
        // rule, old, new, expected error type (null = compatible)
        { "identical", Obj("\"a\":{\"type\":\"string\"}"), Obj("\"a\":{\"type\":\"string\"}"), null },
        { "integer widened to number (TYPE_EXTENDED)", Obj("\"a\":{\"type\":\"integer\"}"), Obj("\"a\":{\"type\":\"number\"}"), null },
        { "number narrowed to integer", Obj("\"a\":{\"type\":\"number\"}"), Obj("\"a\":{\"type\":\"integer\"}"), "TYPE_NARROWED" },
        { "type changed", Obj("\"a\":{\"type\":\"string\"}"), Obj("\"a\":{\"type\":\"boolean\"}"), "TYPE_CHANGED" },
        { "type union narrowed", Obj("\"a\":{\"type\":[\"string\",\"null\"]}"), Obj("\"a\":{\"type\":\"string\"}"), "TYPE_NARROWED" },
        { "type union widened", Obj("\"a\":{\"type\":\"string\"}"), Obj("\"a\":{\"type\":[\"string\",\"null\"]}"), null },
        { "optional property added to closed model", Obj("\"a\":{\"type\":\"string\"}", closed: true), Obj("\"a\":{\"type\":\"string\"},\"b\":{\"type\":\"string\"}", closed: true), null },
        { "optional property added to open model", Obj("\"a\":{\"type\":\"string\"}"), Obj("\"a\":{\"type\":\"string\"},\"b\":{\"type\":\"string\"}"), "OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL" },
        { "property with empty schema added to open model", Obj("\"a\":{\"type\":\"string\"}"), Obj("\"a\":{\"type\":\"string\"},\"b\":{}"), null },
        { "property removed from open model", Obj("\"a\":{\"type\":\"string\"},\"b\":{\"type\":\"string\"}"), Obj("\"a\":{\"type\":\"string\"}"), null },
        { "property removed from closed model", Obj("\"a\":{\"type\":\"string\"},\"b\":{\"type\":\"string\"}", closed: true), Obj("\"a\":{\"type\":\"string\"}", closed: true), "PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL" },
        { "property added covered by partially open model", Obj("\"a\":{\"type\":\"string\"}", ",\"additionalProperties\":{\"type\":\"string\"}"), Obj("\"a\":{\"type\":\"string\"},\"b\":{\"type\":\"string\"}", ",\"additionalProperties\":{\"type\":\"string\"}"), null },
        { "property added not covered by partially open model", Obj("\"a\":{\"type\":\"string\"}", ",\"additionalProperties\":{\"type\":\"string\"}"), Obj("\"a\":{\"type\":\"string\"},\"b\":{\"type\":\"integer\"}", ",\"additionalProperties\":{\"type\":\"string\"}"), "TYPE_CHANGED" },
        { "content model closed", Obj("\"a\":{\"type\":\"string\"}"), Obj("\"a\":{\"type\":\"string\"}", closed: true), "ADDITIONAL_PROPERTIES_REMOVED" },
        { "content model opened", Obj("\"a\":{\"type\":\"string\"}", closed: true), Obj("\"a\":{\"type\":\"string\"}"), null },
        { "required property added", Obj("\"a\":{\"type\":\"string\"}", closed: true), Obj("\"a\":{\"type\":\"string\"}", ",\"required\":[\"a\"]", closed: true), "REQUIRED_ATTRIBUTE_ADDED" },
        { "required property with default added", Obj("\"a\":{\"type\":\"string\"}", closed: true), Obj("\"a\":{\"type\":\"string\",\"default\":\"x\"}", ",\"required\":[\"a\"]", closed: true), null },
        { "required removed", Obj("\"a\":{\"type\":\"string\"}", ",\"required\":[\"a\"]"), Obj("\"a\":{\"type\":\"string\"}"), null },
        { "enum extended", """{"enum":["A","B"]}""", """{"enum":["A","B","C"]}""", null },
        { "enum narrowed", """{"enum":["A","B"]}""", """{"enum":["A"]}""", "ENUM_ARRAY_NARROWED" },
        { "enum changed", """{"enum":["A","B"]}""", """{"enum":["A","C"]}""", "ENUM_ARRAY_CHANGED" },
        { "maxLength increased", """{"type":"string","maxLength":5}""", """{"type":"string","maxLength":10}""", null },
        { "maxLength decreased", """{"type":"string","maxLength":10}""", """{"type":"string","maxLength":5}""", "MAX_LENGTH_DECREASED" },
        { "maxLength added", """{"type":"string"}""", """{"type":"string","maxLength":5}""", "MAX_LENGTH_ADDED" },
        { "maxLength removed", """{"type":"string","maxLength":5}""", """{"type":"string"}""", null },
        { "minLength increased", """{"type":"string","minLength":1}""", """{"type":"string","minLength":2}""", "MIN_LENGTH_INCREASED" },
        { "minLength decreased", """{"type":"string","minLength":2}""", """{"type":"string","minLength":1}""", null },
        { "pattern added", """{"type":"string"}""", """{"type":"string","pattern":"^a"}""", "PATTERN_ADDED" },
        { "pattern changed", """{"type":"string","pattern":"^a"}""", """{"type":"string","pattern":"^b"}""", "PATTERN_CHANGED" },
        { "pattern removed", """{"type":"string","pattern":"^a"}""", """{"type":"string"}""", null },
        { "maximum decreased", """{"type":"number","maximum":10}""", """{"type":"number","maximum":5}""", "MAXIMUM_DECREASED" },
        { "maximum increased", """{"type":"number","maximum":5}""", """{"type":"number","maximum":10}""", null },
        { "minimum increased", """{"type":"number","minimum":0}""", """{"type":"number","minimum":1}""", "MINIMUM_INCREASED" },
        { "exclusiveMinimum added", """{"type":"number"}""", """{"type":"number","exclusiveMinimum":0}""", "EXCLUSIVE_MINIMUM_ADDED" },
        { "multipleOf added", """{"type":"number"}""", """{"type":"number","multipleOf":2}""", "MULTIPLE_OF_ADDED" },
        { "multipleOf reduced to a divisor", """{"type":"number","multipleOf":4}""", """{"type":"number","multipleOf":2}""", null },
        { "maxItems decreased", """{"type":"array","maxItems":5}""", """{"type":"array","maxItems":3}""", "MAX_ITEMS_DECREASED" },
        { "minItems decreased", """{"type":"array","minItems":3}""", """{"type":"array","minItems":1}""", null },
        { "uniqueItems added", """{"type":"array"}""", """{"type":"array","uniqueItems":true}""", "UNIQUE_ITEMS_ADDED" },
        { "array items type changed", """{"type":"array","items":{"type":"string"}}""", """{"type":"array","items":{"type":"integer"}}""", "TYPE_CHANGED" },
        { "nested object property type changed", Obj("\"o\":" + Obj("\"x\":{\"type\":\"string\"}")), Obj("\"o\":" + Obj("\"x\":{\"type\":\"integer\"}")), "TYPE_CHANGED" },
        { "$ref into definitions followed", """{"definitions":{"A":{"type":"string"}},"type":"object","properties":{"a":{"$ref":"#/definitions/A"}}}""", """{"definitions":{"A":{"type":"integer"}},"type":"object","properties":{"a":{"$ref":"#/definitions/A"}}}""", "TYPE_CHANGED" },
        { "$ref into $defs followed and unchanged", """{"$defs":{"A":{"type":"string"}},"type":"object","properties":{"a":{"$ref":"#/$defs/A"}}}""", """{"$defs":{"A":{"type":"string"}},"type":"object","properties":{"a":{"$ref":"#/$defs/A"}}}""", null },
        { "oneOf gains a branch", """{"oneOf":[{"type":"string"}]}""", """{"oneOf":[{"type":"string"},{"type":"integer"}]}""", null },
        { "oneOf loses a branch", """{"oneOf":[{"type":"string"},{"type":"integer"}]}""", """{"oneOf":[{"type":"string"}]}""", "SUM_TYPE_NARROWED" },
        { "allOf loses a member (PRODUCT_TYPE_NARROWED)", """{"allOf":[{"type":"string"},{"maxLength":5}]}""", """{"allOf":[{"type":"string"}]}""", null },
        { "allOf gains a member", """{"allOf":[{"type":"string"}]}""", """{"allOf":[{"type":"string"},{"maxLength":5}]}""", "PRODUCT_TYPE_EXTENDED" },
        { "allOf folded into plain keywords", """{"allOf":[{"type":"string"}]}""", """{"type":"string"}""", null },
        { "plain keywords split into allOf", """{"type":"string"}""", """{"allOf":[{"type":"string"}]}""", null },
        { "recursive $ref through oneOf terminates", Recursive("string"), Recursive("string"), null },
        { "recursive $ref through oneOf, inner type changed", Recursive("string"), Recursive("integer"), "TYPE_CHANGED" },
        { "dependency array added", """{"type":"object"}""", """{"type":"object","dependencies":{"a":["b"]}}""", "DEPENDENCY_ARRAY_ADDED" },
        { "dependency array extended", """{"type":"object","dependencies":{"a":["b"]}}""", """{"type":"object","dependencies":{"a":["b","c"]}}""", "DEPENDENCY_ARRAY_EXTENDED" },
        { "dependency array narrowed", """{"type":"object","dependencies":{"a":["b","c"]}}""", """{"type":"object","dependencies":{"a":["b"]}}""", null },
        { "dependency removed", """{"type":"object","dependentRequired":{"a":["b"]}}""", """{"type":"object"}""", null },
        { "dependency schema added", """{"type":"object"}""", """{"type":"object","dependentSchemas":{"a":{"required":["b"]}}}""", "DEPENDENCY_SCHEMA_ADDED" },
        { "not added", """{"type":"string"}""", """{"type":"string","not":{"enum":["x"]}}""", "NOT_TYPE_EXTENDED" },
        { "not removed", """{"type":"string","not":{"enum":["x"]}}""", """{"type":"string"}""", null },
        { "not narrowed (excludes less)", """{"not":{"enum":["x","y"]}}""", """{"not":{"enum":["x"]}}""", null },
        { "not extended (excludes more)", """{"not":{"enum":["x"]}}""", """{"not":{"enum":["x","y"]}}""", "NOT_TYPE_EXTENDED" },
        { "description changed", """{"type":"string","description":"a"}""", """{"type":"string","description":"b"}""", null },
        { "const added", """{"type":"string"}""", """{"type":"string","const":"x"}""", "TYPE_CHANGED" },
        { "const changed", """{"const":"x"}""", """{"const":"y"}""", "ENUM_ARRAY_CHANGED" },
        { "const kept", """{"const":"x"}""", """{"const":"x"}""", null },
        { "const picked from the enum", """{"enum":["x","y"]}""", """{"const":"x"}""", "ENUM_ARRAY_NARROWED" },
        { "const widened to an enum", """{"const":"x"}""", """{"enum":["x","y"]}""", null },
        { "tuple item type changed", """{"type":"array","items":[{"type":"string"},{"type":"integer"}]}""", """{"type":"array","items":[{"type":"string"},{"type":"string"}]}""", "TYPE_CHANGED" },
        { "tuple item added to open array", """{"type":"array","items":[{"type":"string"}]}""", """{"type":"array","items":[{"type":"string"},{"type":"integer"}]}""", "ITEM_ADDED_TO_OPEN_CONTENT_MODEL" },
        { "tuple item added to closed array", """{"type":"array","items":[{"type":"string"}],"additionalItems":false}""", """{"type":"array","items":[{"type":"string"},{"type":"integer"}],"additionalItems":false}""", null },
        { "tuple item added, covered by additionalItems", """{"type":"array","items":[{"type":"string"}],"additionalItems":{"type":"integer"}}""", """{"type":"array","items":[{"type":"string"},{"type":"number"}],"additionalItems":{"type":"integer"}}""", null },
        { "tuple item added, not covered by additionalItems", """{"type":"array","items":[{"type":"string"}],"additionalItems":{"type":"integer"}}""", """{"type":"array","items":[{"type":"string"},{"type":"string"}],"additionalItems":{"type":"integer"}}""", "ITEM_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL" },
        { "tuple item removed from closed array", """{"type":"array","items":[{"type":"string"},{"type":"integer"}],"additionalItems":false}""", """{"type":"array","items":[{"type":"string"}],"additionalItems":false}""", "ITEM_REMOVED_FROM_CLOSED_CONTENT_MODEL" },
        { "tuple item removed from open array", """{"type":"array","items":[{"type":"string"},{"type":"integer"}]}""", """{"type":"array","items":[{"type":"string"}]}""", null },
        { "additionalItems closed", """{"type":"array","items":[{"type":"string"}]}""", """{"type":"array","items":[{"type":"string"}],"additionalItems":false}""", "ADDITIONAL_ITEMS_REMOVED" },
        { "additionalItems narrowed", """{"type":"array","items":[{"type":"string"}]}""", """{"type":"array","items":[{"type":"string"}],"additionalItems":{"type":"string"}}""", "ADDITIONAL_ITEMS_NARROWED" },
        { "additionalItems opened", """{"type":"array","items":[{"type":"string"}],"additionalItems":false}""", """{"type":"array","items":[{"type":"string"}]}""", null },
        { "prefixItems item type changed", """{"type":"array","prefixItems":[{"type":"string"}]}""", """{"type":"array","prefixItems":[{"type":"boolean"}]}""", "TYPE_CHANGED" },
        { "prefixItems closed by items false", """{"type":"array","prefixItems":[{"type":"string"}]}""", """{"type":"array","prefixItems":[{"type":"string"}],"items":false}""", "ADDITIONAL_ITEMS_REMOVED" },
        { "prefixItems item removed, covered by items", """{"type":"array","prefixItems":[{"type":"string"},{"type":"integer"}],"items":{"type":"integer"}}""", """{"type":"array","prefixItems":[{"type":"string"}],"items":{"type":"number"}}""", null },
        { "contains added", """{"type":"array"}""", """{"type":"array","contains":{"type":"string"}}""", "SCHEMA_ADDED" },
        { "contains narrowed", """{"type":"array","contains":{"type":"string"}}""", """{"type":"array","contains":{"type":"string","maxLength":3}}""", "MAX_LENGTH_ADDED" },
        { "contains widened", """{"type":"array","contains":{"type":"string","maxLength":3}}""", """{"type":"array","contains":{"type":"string"}}""", null },
        { "minContains increased", """{"type":"array","contains":{"type":"string"}}""", """{"type":"array","contains":{"type":"string"},"minContains":2}""", "MIN_CONTAINS_ADDED" },
        { "maxContains added", """{"type":"array","contains":{"type":"string"}}""", """{"type":"array","contains":{"type":"string"},"maxContains":2}""", "MAX_CONTAINS_ADDED" },
        { "maxContains decreased", """{"type":"array","contains":{"type":"string"},"maxContains":3}""", """{"type":"array","contains":{"type":"string"},"maxContains":2}""", "MAX_CONTAINS_DECREASED" },
        { "contains removed", """{"type":"array","contains":{"type":"string"}}""", """{"type":"array"}""", null },
        { "patternProperties schema changed", """{"type":"object","patternProperties":{"^x_":{"type":"string"}}}""", """{"type":"object","patternProperties":{"^x_":{"type":"integer"}}}""", "TYPE_CHANGED" },
        { "patternProperties added to open model", """{"type":"object"}""", """{"type":"object","patternProperties":{"^x_":{"type":"integer"}}}""", "OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL" },
        { "patternProperties added over a matching property", """{"type":"object","properties":{"x_a":{"type":"string"}},"additionalProperties":false}""", """{"type":"object","properties":{"x_a":{"type":"string"}},"patternProperties":{"^x_":{"type":"integer"}},"additionalProperties":false}""", "TYPE_CHANGED" },
        { "patternProperties added to closed model", """{"type":"object","properties":{"a":{"type":"string"}},"additionalProperties":false}""", """{"type":"object","properties":{"a":{"type":"string"}},"patternProperties":{"^x_":{"type":"integer"}},"additionalProperties":false}""", null },
        { "patternProperties removed from closed model", """{"type":"object","patternProperties":{"^x_":{"type":"integer"}},"additionalProperties":false}""", """{"type":"object","additionalProperties":false}""", "PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL" },
        { "property named by a reader pattern passes a closed model", """{"type":"object","properties":{"x_a":{"type":"integer"}},"additionalProperties":false}""", """{"type":"object","patternProperties":{"^x_":{"type":"number"}},"additionalProperties":false}""", null },
        { "property named by a reader pattern of another type", """{"type":"object","properties":{"x_a":{"type":"string"}},"additionalProperties":false}""", """{"type":"object","patternProperties":{"^x_":{"type":"number"}},"additionalProperties":false}""", "TYPE_CHANGED" },
        { "property the writer wrote under a pattern", """{"type":"object","patternProperties":{"^x_":{"type":"string"}},"additionalProperties":false}""", """{"type":"object","properties":{"x_a":{"type":"integer"}},"patternProperties":{"^x_":{"type":"string"}},"additionalProperties":false}""", "TYPE_CHANGED" },
        { "dependentRequired added", """{"type":"object"}""", """{"type":"object","dependentRequired":{"a":["b"]}}""", "DEPENDENCY_ARRAY_ADDED" },
        { "oneOf swapped for anyOf", """{"oneOf":[{"type":"string"},{"type":"integer"}]}""", """{"anyOf":[{"type":"string"},{"type":"integer"}]}""", null },
        { "anyOf swapped for oneOf", """{"anyOf":[{"type":"string"},{"type":"integer"}]}""", """{"oneOf":[{"type":"string"},{"type":"integer"}]}""", "COMBINED_TYPE_CHANGED" },
        { "oneOf swapped for anyOf losing a branch", """{"oneOf":[{"type":"string"},{"type":"integer"}]}""", """{"anyOf":[{"type":"string"}]}""", "SUM_TYPE_NARROWED" },
        { "oneOf folded into one type", """{"oneOf":[{"type":"string"},{"type":"integer"}]}""", """{"type":"string"}""", "TYPE_CHANGED" },
        { "oneOf folded into a type union", """{"oneOf":[{"type":"string"},{"type":"integer"}]}""", """{"type":["string","integer"]}""", null },
        { "unmodelled keyword added (if/then)", """{"type":"object"}""", """{"type":"object","if":{"required":["a"]},"then":{"required":["b"]}}""", "UNMODELLED_KEYWORD" },
        { "unmodelled keyword kept identical", """{"type":"object","propertyNames":{"maxLength":3}}""", """{"type":"object","propertyNames":{"maxLength":3}}""", null },
        { "unmodelled keyword changed", """{"type":"object","propertyNames":{"maxLength":3}}""", """{"type":"object","propertyNames":{"maxLength":2}}""", "UNMODELLED_KEYWORD" },
        { "unmodelled keyword dropped", """{"type":"object","unevaluatedProperties":false}""", """{"type":"object"}""", null },
        { "format added", """{"type":"string"}""", """{"type":"string","format":"email"}""", "UNMODELLED_KEYWORD" },
        { "remote $ref not among the references", """{"type":"object","properties":{"c":{"type":"object"}}}""", """{"type":"object","properties":{"c":{"$ref":"customer.json"}}}""", "UNRESOLVED_REFERENCE" },
        { "dangling local $ref", """{"type":"object"}""", """{"$ref":"#/definitions/Missing"}""", "UNRESOLVED_REFERENCE" },
    };

    [Theory]
    [MemberData(nameof(Rules))]
    public void Rule(string rule, string oldSchema, string newSchema, string? expectedError)
    {
        var messages = Infrastructure.Checks.Run("JSON", Compatibility.Backward, newSchema, oldSchema);

        if (expectedError is null)
        {
            Assert.True(messages.Count == 0, $"{rule}: {string.Join(" ", messages)}");
        }
        else
        {
            Assert.True(messages.Count > 0, $"{rule}: expected {expectedError}");
            Assert.Contains($"errorType:'{expectedError}'", messages[0]);
        }
    }

    [Fact]
    public void Message_carries_the_json_pointer()
    {
        var messages = Infrastructure.Checks.Run("JSON", Compatibility.Backward, Obj("\"o\":" + Obj("\"x\":{\"type\":\"integer\"}")), Obj("\"o\":" + Obj("\"x\":{\"type\":\"string\"}")));

        Assert.Contains("path '#/properties/o/properties/x/type'", messages[0]);
    }
}
