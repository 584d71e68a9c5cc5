using Stormline.Model.Diagnostics;

namespace Stormline.Model.Elements;

/// <summary>A consistency boundary that handles commands and emits events. Its id field becomes the Kafka key of its events.</summary>
public sealed record Aggregate(string Name, string? Label, SourceLocation Location, string Context, NameRef? Id, IReadOnlyList<Command> Commands)
    : ModelElement(Name, Label, Location);
