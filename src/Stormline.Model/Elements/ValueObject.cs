using Stormline.Model.Diagnostics;

namespace Stormline.Model.Elements;

/// <summary>A nested, immutable payload type (e.g. OrderLine, Address) used by event fields.</summary>
public sealed record ValueObject(string Name, string? Label, SourceLocation Location, string Context, IReadOnlyList<Field> Fields)
    : ModelElement(Name, Label, Location);
