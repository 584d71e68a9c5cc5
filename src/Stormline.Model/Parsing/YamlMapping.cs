using Stormline.Model.Diagnostics;

namespace Stormline.Model.Parsing;

/// <summary>A mapping, keeping every entry in file order (duplicate keys included, for the checker to report).</summary>
internal sealed record YamlMapping(SourceLocation Location, IReadOnlyList<KeyValuePair<YamlScalar, YamlNode>> Entries) : YamlNode(Location)
{
    public override string Kind => "a mapping";

    public YamlNode? this[string key] => Entries.FirstOrDefault(e => e.Key.Value == key).Value;
}
