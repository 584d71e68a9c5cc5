using Stormline.Model.Elements;

namespace Stormline.Model.Flow;

/// <summary>
/// Puts commands on a timeline: a step is one command with what it emits. A command sent by a policy comes one step
/// after the event that triggers it; a command sent only by an actor comes after the previous command of its aggregate
/// (the file order within an aggregate is taken as the order of the story). Cycles (compensation loops) are cut where
/// they close, so every command gets a finite step.
/// </summary>
public sealed class FlowOrder
{
    private readonly EventModel _model;
    private readonly Dictionary<string, int> _steps = new(StringComparer.Ordinal);
    private readonly HashSet<string> _visiting = new(StringComparer.Ordinal);

    private FlowOrder(EventModel model) => _model = model;

    /// <summary>Step per command name, 0 = first on the timeline.</summary>
    public static IReadOnlyDictionary<string, int> Steps(EventModel model)
    {
        var order = new FlowOrder(model);
        foreach (var command in model.Commands)
        {
            order.StepOf(command);
        }

        return order._steps;
    }

    private int StepOf(Command command)
    {
        if (_steps.TryGetValue(command.Name, out var known))
        {
            return known;
        }

        if (!_visiting.Add(command.Name))
        {
            return 0;
        }

        var step = 0;
        var triggers = _model.Policies.Where(p => p.Then.Name == command.Name).ToList();
        foreach (var policy in triggers)
        {
            var emitter = _model.EmittersOf(policy.When.Name).FirstOrDefault();
            if (emitter is not null)
            {
                step = Math.Max(step, StepOf(emitter) + 1);
            }
        }

        if (triggers.Count == 0 && _model.FindAggregate(command.Aggregate) is { } aggregate)
        {
            var index = aggregate.Commands.ToList().FindIndex(c => c.Name == command.Name);
            if (index > 0)
            {
                step = StepOf(aggregate.Commands[index - 1]) + 1;
            }
        }

        _visiting.Remove(command.Name);
        _steps[command.Name] = step;
        return step;
    }
}
