using System.Text.Json.Nodes;

namespace Stormline.Registry.Schemas;

/// <summary>Key-sorted copies of JSON documents: what <c>normalize=true</c> stores, so key order never makes a new id.</summary>
internal static class JsonNormalizer
{
    public static JsonNode? SortKeys(JsonNode? node) => node switch
    {
        JsonObject obj => new JsonObject(obj.OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => KeyValuePair.Create(p.Key, SortKeys(p.Value)))),
        JsonArray array => new JsonArray(array.Select(SortKeys).ToArray()),
        null => null,
        _ => node.DeepClone(),
    };
}
