using Stormline.Model.Diagnostics;

namespace Stormline.Model.Parsing;

/// <summary>A list.</summary>
internal sealed record YamlSequence(SourceLocation Location, IReadOnlyList<YamlNode> Items) : YamlNode(Location)
{
    public override string Kind => "a list";
}
