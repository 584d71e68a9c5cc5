using Stormline.Model.Diagnostics;

namespace Stormline.Model.Elements;

/// <summary>A bounded context: one swimlane on the board, one service, one topic (<c>&lt;name&gt;-events</c>).</summary>
public sealed record BoundedContext(
    string Name,
    string? Label,
    SourceLocation Location,
    IReadOnlyList<Aggregate> Aggregates,
    IReadOnlyList<DomainEvent> Events,
    IReadOnlyList<ValueObject> ValueObjects,
    IReadOnlyList<EnumType> Enums,
    IReadOnlyList<Policy> Policies,
    IReadOnlyList<ReadModel> ReadModels,
    IReadOnlyList<ExternalSystem> ExternalSystems,
    IReadOnlyList<Hotspot> Hotspots,
    TopicHints? Topic) : ModelElement(Name, Label, Location)
{
    /// <summary>The topic name by convention, as the seed's <c>order-events</c>.</summary>
    public string TopicName => $"{Name}-events";

    public IEnumerable<Command> Commands => Aggregates.SelectMany(a => a.Commands);
}
