using Stormline.Model.Diagnostics;

namespace Stormline.Model.Parsing;

/// <summary>A scalar; <see cref="IsNull"/> for an empty, <c>~</c> or <c>null</c> plain value.</summary>
internal sealed record YamlScalar(SourceLocation Location, string Value, bool IsNull) : YamlNode(Location)
{
    public override string Kind => IsNull ? "nothing" : "a scalar";
}
