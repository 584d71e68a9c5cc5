using Stormline.Model.Diagnostics;

namespace Stormline.Model.Parsing;

/// <summary>
/// A YAML node with its start position. We build our own small tree from YamlDotNet's parser events (rather than
/// YamlDotNet's representation model) so that duplicate keys survive as findings instead of aborting the load.
/// </summary>
internal abstract record YamlNode(SourceLocation Location)
{
    public abstract string Kind { get; }
}

internal sealed record YamlScalar(SourceLocation Location, string Value, bool IsNull) : YamlNode(Location)
{
    public override string Kind => IsNull ? "nothing" : "a scalar";
}

internal sealed record YamlSequence(SourceLocation Location, IReadOnlyList<YamlNode> Items) : YamlNode(Location)
{
    public override string Kind => "a list";
}

internal sealed record YamlMapping(SourceLocation Location, IReadOnlyList<KeyValuePair<YamlScalar, YamlNode>> Entries) : YamlNode(Location)
{
    public override string Kind => "a mapping";

    public YamlNode? this[string key] => Entries.FirstOrDefault(e => e.Key.Value == key).Value;
}
