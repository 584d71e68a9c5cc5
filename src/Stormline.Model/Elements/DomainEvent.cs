using Stormline.Model.Diagnostics;

namespace Stormline.Model.Elements;

/// <summary>A fact in the past tense (orange sticky), published on its context's topic with its typed payload.</summary>
public sealed record DomainEvent(string Name, string? Label, SourceLocation Location, string Context, IReadOnlyList<Field> Fields)
    : ModelElement(Name, Label, Location);
