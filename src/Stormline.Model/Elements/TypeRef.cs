using Stormline.Model.Diagnostics;

namespace Stormline.Model.Elements;

/// <summary>
/// A field type as written: a primitive or a declared value object / enum, then optionally <c>[]</c> (array) and <c>?</c> (optional).
/// <c>OrderLine[]?</c> is an optional array of OrderLine.
/// </summary>
public sealed record TypeRef(string Text, string Element, bool IsArray, bool IsOptional, SourceLocation Location)
{
    public static TypeRef Parse(string text, SourceLocation location)
    {
        var rest = text.Trim();
        var optional = rest.EndsWith('?');
        if (optional)
        {
            rest = rest[..^1];
        }

        var array = rest.EndsWith("[]", StringComparison.Ordinal);
        if (array)
        {
            rest = rest[..^2];
        }

        return new TypeRef(text.Trim(), rest.Trim(), array, optional, location);
    }

    public override string ToString() => Text;
}
