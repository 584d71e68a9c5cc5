using Stormline.Model.Diagnostics;

namespace Stormline.Model.Elements;

/// <summary>An intention sent to an aggregate (blue sticky): who sends it, what it emits, which external systems it calls.</summary>
public sealed record Command(
    string Name,
    string? Label,
    SourceLocation Location,
    string Context,
    string Aggregate,
    NameRef? Actor,
    IReadOnlyList<NameRef> Emits,
    IReadOnlyList<NameRef> Calls) : ModelElement(Name, Label, Location);
