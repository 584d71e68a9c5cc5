using Stormline.Model.Elements;

namespace Stormline.Model.Board;

/// <summary>What goes into each slice and at each lane's end, and how tall each sticky needs to be for its text.</summary>
public sealed partial class BoardPlanner
{
    private List<Sticky> Slice(Command command)
    {
        var items = new List<Sticky>();
        var context = command.Context;
        if (command.Actor is { } actorRef)
        {
            var actor = _model.Actors.FirstOrDefault(a => a.Name == actorRef.Name);
            items.Add(Make(StickyKind.Actor, actorRef.Name, actorRef.Name, null, actor?.Label, context));
        }

        foreach (var policy in _model.Policies.Where(p => p.Then.Name == command.Name))
        {
            items.Add(Make(StickyKind.Policy, policy.Name, $"when {policy.When.Name}", $"then {policy.Then.Name}", policy.Label, context));
        }

        items.Add(Make(StickyKind.Command, command.Name, command.Name, null, command.Label, context));
        var aggregate = _model.FindAggregate(command.Aggregate);
        items.Add(Make(StickyKind.Aggregate, command.Aggregate, command.Aggregate, aggregate?.Id is { } id ? $"id: {id.Name}" : null, aggregate?.Label, context));
        foreach (var emitted in command.Emits.Select(e => _model.FindEvent(e.Name)).OfType<DomainEvent>())
        {
            items.Add(Make(StickyKind.Event, emitted.Name, emitted.Name, null, emitted.Label, context));
        }

        foreach (var external in command.Calls.Select(c => _model.ExternalSystems.FirstOrDefault(x => x.Name == c.Name)).OfType<ExternalSystem>())
        {
            items.Add(Make(StickyKind.ExternalSystem, external.Name, external.Name, "external system", external.Label, context));
        }

        var inSlice = items.Select(i => i.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var hotspot in _model.Hotspots.Where(h => h.About is { } about && inSlice.Contains(about.Name) && !_placed.Contains((StickyKind.Hotspot, h.Name))))
        {
            items.Add(Make(StickyKind.Hotspot, hotspot.Name, hotspot.Name, $"about {hotspot.About!.Name}", hotspot.Label, context));
        }

        return items;
    }

    /// <summary>The lane's end: whatever no slice placed, so that every element of the model is on the wall.</summary>
    private List<Sticky> Trailing(BoundedContext context, bool firstLane)
    {
        var items = new List<Sticky>();
        var name = context.Name;
        foreach (var readModel in context.ReadModels)
        {
            items.Add(Make(StickyKind.ReadModel, readModel.Name, readModel.Name, readModel.From.Count > 0 ? $"from {string.Join(", ", readModel.From.Take(3))}{(readModel.From.Count > 3 ? ", …" : "")}" : null, readModel.Label, name));
        }

        foreach (var external in context.ExternalSystems.Where(x => !_placed.Contains((StickyKind.ExternalSystem, x.Name))))
        {
            items.Add(Make(StickyKind.ExternalSystem, external.Name, external.Name, "external system", external.Label, name));
        }

        foreach (var domainEvent in context.Events.Where(e => !_placed.Contains((StickyKind.Event, e.Name))))
        {
            items.Add(Make(StickyKind.Event, domainEvent.Name, domainEvent.Name, null, domainEvent.Label, name));
        }

        foreach (var aggregate in context.Aggregates.Where(a => !_placed.Contains((StickyKind.Aggregate, a.Name))))
        {
            items.Add(Make(StickyKind.Aggregate, aggregate.Name, aggregate.Name, aggregate.Id is { } id ? $"id: {id.Name}" : null, aggregate.Label, name));
        }

        foreach (var policy in context.Policies.Where(p => !_placed.Contains((StickyKind.Policy, p.Name))))
        {
            items.Add(Make(StickyKind.Policy, policy.Name, $"when {policy.When.Name}", $"then {policy.Then.Name}", policy.Label, name));
        }

        foreach (var hotspot in context.Hotspots.Where(h => !_placed.Contains((StickyKind.Hotspot, h.Name))))
        {
            items.Add(Make(StickyKind.Hotspot, hotspot.Name, hotspot.Name, hotspot.About is { } about ? $"about {about.Name}" : null, hotspot.Label, name));
        }

        if (firstLane)
        {
            foreach (var actor in _model.Actors.Where(a => !_placed.Contains((StickyKind.Actor, a.Name))))
            {
                items.Add(Make(StickyKind.Actor, actor.Name, actor.Name, null, actor.Label, name));
            }
        }

        return items;
    }

    private Sticky Make(StickyKind kind, string name, string title, string? caption, string? label, string context)
    {
        _placed.Add((kind, name));
        const double inner = StickyWidth - 16;
        var height = 14 + TextHeight(title, 13, inner) + (caption is null ? 0 : TextHeight(caption, 11, inner)) + (label is null ? 0 : 2 + TextHeight(label, 12, inner));
        return new Sticky(kind, name, title, caption, label, context, 0, 0, StickyWidth, Math.Ceiling(Math.Max(height, kind == StickyKind.Actor ? 40 : 56)));
    }

    /// <summary>
    /// A generous estimate of wrapped text height: CJK glyphs are a full em wide, Latin ones about 0.6 to 0.75 em (bold
    /// capitals), plus 15% for lines broken early at word boundaries. Too tall only leaves a margin; too short would clip.
    /// </summary>
    private static double TextHeight(string text, double fontPx, double width)
    {
        var ems = text.Sum(c => c >= '\u2E80' ? 1.0 : char.IsUpper(c) ? 0.75 : c == ' ' ? 0.3 : 0.62);
        var lines = Math.Max(1, Math.Ceiling(ems * fontPx * 1.15 / width));
        return lines * Math.Ceiling(fontPx * 1.3);
    }
}
