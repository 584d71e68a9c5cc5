using Stormline.Model.Diagnostics;

namespace Stormline.Model.Elements;

/// <summary>An open question from the workshop (red sticky). Its name is the question; <see cref="About"/> optionally pins it to an element.</summary>
public sealed record Hotspot(string Name, string? Label, SourceLocation Location, string Context, NameRef? About)
    : ModelElement(Name, Label, Location);
