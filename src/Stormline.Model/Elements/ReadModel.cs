using Stormline.Model.Diagnostics;

namespace Stormline.Model.Elements;

/// <summary>A query-side view (green sticky) kept current from the events it is fed by.</summary>
public sealed record ReadModel(string Name, string? Label, SourceLocation Location, string Context, IReadOnlyList<NameRef> From)
    : ModelElement(Name, Label, Location);
