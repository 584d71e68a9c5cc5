using Stormline.Model.Diagnostics;

namespace Stormline.Model.Elements;

/// <summary>The whole board of one system, as parsed from a <c>*.storm.yaml</c> file.</summary>
public sealed record EventModel(
    string Name,
    string? Label,
    SourceLocation Location,
    IReadOnlyList<Actor> Actors,
    IReadOnlyList<BoundedContext> Contexts,
    Vocabulary Vocabulary) : ModelElement(Name, Label, Location)
{
    public IEnumerable<Aggregate> Aggregates => Contexts.SelectMany(c => c.Aggregates);

    public IEnumerable<Command> Commands => Contexts.SelectMany(c => c.Commands);

    public IEnumerable<DomainEvent> Events => Contexts.SelectMany(c => c.Events);

    public IEnumerable<Policy> Policies => Contexts.SelectMany(c => c.Policies);

    public IEnumerable<ReadModel> ReadModels => Contexts.SelectMany(c => c.ReadModels);

    public IEnumerable<ExternalSystem> ExternalSystems => Contexts.SelectMany(c => c.ExternalSystems);

    public IEnumerable<ValueObject> ValueObjects => Contexts.SelectMany(c => c.ValueObjects);

    public IEnumerable<EnumType> Enums => Contexts.SelectMany(c => c.Enums);

    public IEnumerable<Hotspot> Hotspots => Contexts.SelectMany(c => c.Hotspots);

    public DomainEvent? FindEvent(string name) => Events.FirstOrDefault(e => e.Name == name);

    public Command? FindCommand(string name) => Commands.FirstOrDefault(c => c.Name == name);

    public Aggregate? FindAggregate(string name) => Aggregates.FirstOrDefault(a => a.Name == name);

    public ValueObject? FindValueObject(string name) => ValueObjects.FirstOrDefault(v => v.Name == name);

    public EnumType? FindEnum(string name) => Enums.FirstOrDefault(e => e.Name == name);

    /// <summary>The commands that emit an event, in file order.</summary>
    public IEnumerable<Command> EmittersOf(string eventName) => Commands.Where(c => c.Emits.Any(e => e.Name == eventName));

    /// <summary>The aggregate whose id keys an event on its topic: that of its first emitting command.</summary>
    public Aggregate? AggregateOf(DomainEvent domainEvent) =>
        EmittersOf(domainEvent.Name).Select(c => FindAggregate(c.Aggregate)).FirstOrDefault(a => a is not null);
}
