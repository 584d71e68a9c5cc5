using Stormline.Model.Diagnostics;

namespace Stormline.Model.Elements;

/// <summary>A person or role who sends commands (the small yellow sticky).</summary>
public sealed record Actor(string Name, string? Label, SourceLocation Location) : ModelElement(Name, Label, Location);
