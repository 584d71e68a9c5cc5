using Stormline.Model.Elements;

namespace Stormline.Model.Checking;

/// <summary>Aggregate ids carried by their events, and the flow: who emits, who sends, who consumes.</summary>
public sealed partial class ModelChecker
{
    private void CheckIds()
    {
        foreach (var aggregate in _model.Aggregates.Where(a => a.Id is not null))
        {
            foreach (var emitted in aggregate.Commands.SelectMany(c => c.Emits).DistinctBy(e => e.Name))
            {
                if (_model.FindEvent(emitted.Name) is { } domainEvent && domainEvent.Fields.All(f => f.Name != aggregate.Id!.Name))
                {
                    Error("missing-id-field", $"event {domainEvent.Name} is emitted by aggregate {aggregate.Name} but has no field '{aggregate.Id!.Name}' "
                        + $"(the aggregate's id, and the Kafka key that keeps its events in order); add '{aggregate.Id.Name}: string'", domainEvent.Location);
                }
            }
        }
    }

    private void CheckFlow()
    {
        var emitted = _model.Commands.SelectMany(c => c.Emits).Concat(_model.ExternalSystems.SelectMany(x => x.Emits))
            .Select(e => e.Name).ToHashSet(StringComparer.Ordinal);
        var consumed = _model.Policies.Select(p => p.When.Name).Concat(_model.ReadModels.SelectMany(r => r.From.Select(f => f.Name)))
            .ToHashSet(StringComparer.Ordinal);
        var sent = _model.Policies.Select(p => p.Then.Name).ToHashSet(StringComparer.Ordinal);
        var declaredEvents = _model.Events.Select(e => e.Name).ToHashSet(StringComparer.Ordinal);

        foreach (var policy in _model.Policies.Where(p => declaredEvents.Contains(p.When.Name) && !emitted.Contains(p.When.Name)))
        {
            Error("unemitted-event", $"policy {policy.Name} reacts to {policy.When.Name}, but no command or external system emits it, so it never fires; "
                + "add the event to a command's 'emits:'", policy.When.Location);
        }

        foreach (var domainEvent in _model.Events)
        {
            if (!emitted.Contains(domainEvent.Name))
            {
                Warning("unemitted-event", $"event {domainEvent.Name} is emitted by no command or external system", domainEvent.Location);
            }

            if (!consumed.Contains(domainEvent.Name))
            {
                Warning("unconsumed-event", $"event {domainEvent.Name} has no consumer: no policy reacts to it and no read model is fed by it", domainEvent.Location);
            }
        }

        foreach (var command in _model.Commands.Where(c => c.Actor is null && !sent.Contains(c.Name)))
        {
            Warning("unsent-command", $"command {command.Name} is sent by nobody: give it an 'actor:' or add a policy 'then: {command.Name}'", command.Location);
        }

        foreach (var readModel in _model.ReadModels.Where(r => r.From.Count == 0))
        {
            Warning("unfed-read-model", $"read model {readModel.Name} is fed by no event; list its sources in 'from:'", readModel.Location);
        }

        foreach (var aggregate in _model.Aggregates.Where(a => a.Commands.Count == 0))
        {
            Warning("no-commands", $"aggregate {aggregate.Name} handles no command", aggregate.Location);
        }
    }
}
