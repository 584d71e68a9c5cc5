using System.Text;
using System.Text.Json;

namespace Stormline.EventSourcing.PersonalData;

/// <summary>
/// The personal fields of one event type as a tree of property names (UTF-8, matched on the reader without
/// unescaping into strings), so one forward pass over an event finds every marked value. Immutable once built.
/// </summary>
internal sealed class FieldPathTree
{
    private readonly List<(byte[] Name, FieldPathTree Node)> _children = [];

    /// <summary>The index of the personal field whose value sits here; -1 on the way to one.</summary>
    public int Field { get; private set; } = -1;

    /// <summary>Where the path goes on through every item of an array ("[]").</summary>
    public FieldPathTree? EachItem { get; private set; }

    public static FieldPathTree From(IReadOnlyList<ProtectedField> fields)
    {
        var root = new FieldPathTree();
        for (var i = 0; i < fields.Count; i++)
        {
            var node = root;
            foreach (var segment in fields[i].Segments) node = node.Step(segment);
            node.Field = i;
        }
        return root;
    }

    /// <summary>The child named by the property name the reader is on; null when no personal field lies below it.</summary>
    public FieldPathTree? Child(ref Utf8JsonReader reader)
    {
        foreach (var (name, node) in _children)
            if (reader.ValueTextEquals(name)) return node;
        return null;
    }

    private FieldPathTree Step(string segment)
    {
        if (segment == ProtectedField.EachItem) return EachItem ??= new FieldPathTree();
        var name = Encoding.UTF8.GetBytes(segment);
        foreach (var (existing, node) in _children)
            if (existing.AsSpan().SequenceEqual(name)) return node;
        var child = new FieldPathTree();
        _children.Add((name, child));
        return child;
    }
}
