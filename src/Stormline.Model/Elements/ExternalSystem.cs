using Stormline.Model.Diagnostics;

namespace Stormline.Model.Elements;

/// <summary>A system outside the model (the wide pink sticky). It may emit events into its context, e.g. a gateway's callback.</summary>
public sealed record ExternalSystem(string Name, string? Label, SourceLocation Location, string Context, IReadOnlyList<NameRef> Emits)
    : ModelElement(Name, Label, Location);
