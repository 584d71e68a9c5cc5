using Stormline.Model.Diagnostics;

namespace Stormline.Model.Elements;

/// <summary>A reference by name to another element, kept with its own location so a dangling one can be pointed at.</summary>
public sealed record NameRef(string Name, SourceLocation Location)
{
    public override string ToString() => Name;
}
