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
