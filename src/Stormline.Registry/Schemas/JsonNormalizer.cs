using System.Text.Json.Nodes;

namespace Stormline.Registry.Schemas;

/// <summary>Key-sorted copies of JSON documents: what <c>normalize=true</c> stores, so key order never makes a new id.</summary>
internal static class JsonNormalizer
{
    // Stored text keeps characters as written ('<', '+', quotes in descriptions); it is served as JSON, never inside HTML.
    private static readonly System.Text.Json.JsonSerializerOptions Compact = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The document without insignificant whitespace.</summary>
    public static string ToCompactString(JsonNode? node) => node?.ToJsonString(Compact) ?? "null";

    public static JsonNode? SortKeys(JsonNode? node) => node switch
    {
        JsonObject obj => new JsonObject(obj.OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => KeyValuePair.Create(p.Key, SortKeys(p.Value)))),
        JsonArray array => new JsonArray(array.Select(SortKeys).ToArray()),
        null => null,
        _ => node.DeepClone(),
    };
}
