using System.Text.Json.Nodes;

namespace Stormline.OpsConsole.Messages;

/// <summary>
/// Replaces the values at dotted JSON paths (<c>payment.card</c>) with a fixed marker before a message leaves the
/// console; arrays on the way are masked element by element. Applied on the server, so masked data never reaches a browser.
/// </summary>
internal sealed class FieldMask(IEnumerable<string> paths)
{
    public const string Masked = "***";

    private readonly string[][] _paths = paths.Select(p => p.Split('.', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Where(p => p.Length > 0).ToArray();

    public bool IsEmpty => _paths.Length == 0;

    public void Apply(JsonNode? node)
    {
        foreach (var path in _paths)
        {
            Apply(node, path, 0);
        }
    }

    private static void Apply(JsonNode? node, string[] path, int depth)
    {
        switch (node)
        {
            case JsonArray array:
                foreach (var item in array)
                {
                    Apply(item, path, depth);
                }

                break;
            case JsonObject obj when obj.ContainsKey(path[depth]):
                if (depth == path.Length - 1)
                {
                    obj[path[depth]] = Masked;
                }
                else
                {
                    Apply(obj[path[depth]], path, depth + 1);
                }

                break;
        }
    }
}
