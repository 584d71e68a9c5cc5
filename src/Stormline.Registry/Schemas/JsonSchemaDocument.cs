using System.Text.Json.Nodes;

namespace Stormline.Registry.Schemas;

/// <summary>
/// A parsed JSON Schema and the documents its remote <c>$ref</c>s name, keyed by the reference's name as registered
/// (Confluent resolves <c>"$ref":"customer.json"</c> through the reference named <c>customer.json</c>, never over the network).
/// </summary>
internal sealed record JsonSchemaDocument(JsonNode Root, IReadOnlyDictionary<string, JsonNode> References)
{
    /// <summary>The document a node belongs to, so a local <c>#/…</c> reference inside a referenced schema stays in that schema.</summary>
    public JsonNode RootOf(JsonNode? node)
    {
        var root = node?.Root;
        return root is not null && (ReferenceEquals(root, Root) || References.Values.Any(r => ReferenceEquals(r, root))) ? root : Root;
    }
}
