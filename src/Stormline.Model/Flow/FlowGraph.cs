using Stormline.Model.Elements;

namespace Stormline.Model.Flow;

/// <summary>
/// The board as a weighted, undirected graph: command → aggregate → event → policy → command … . Weights say how
/// tightly two elements belong together: a command, its aggregate and the events it emits change in one transaction
/// (3); a policy is a decision of the context that reacts, so it leans to its command (2); an event reaching a policy
/// crosses a topic asynchronously (1), as do calls to and events from external systems (1). Actors and read models are
/// left out: they read or drive the flow from outside and would glue everything together.
/// </summary>
public sealed class FlowGraph
{
    public const double SameTransaction = 3;
    public const double PolicyDecision = 2;
    public const double Asynchronous = 1;

    private readonly Dictionary<(string, string), FlowNode> _nodes = [];
    private readonly Dictionary<(FlowNode, FlowNode), double> _edges = [];

    public IReadOnlyCollection<FlowNode> Nodes => _nodes.Values;

    public IEnumerable<(FlowNode A, FlowNode B, double Weight)> Edges => _edges.Select(e => (e.Key.Item1, e.Key.Item2, e.Value));

    public static FlowGraph Build(EventModel model)
    {
        var graph = new FlowGraph();
        foreach (var aggregate in model.Aggregates)
        {
            var aggregateNode = graph.Node("aggregate", aggregate.Name, aggregate.Context);
            foreach (var command in aggregate.Commands)
            {
                var commandNode = graph.Node("command", command.Name, command.Context);
                graph.Link(commandNode, aggregateNode, SameTransaction);
                foreach (var emitted in command.Emits.Select(e => model.FindEvent(e.Name)).OfType<DomainEvent>())
                {
                    graph.Link(commandNode, graph.Node("event", emitted.Name, emitted.Context), SameTransaction);
                }

                foreach (var external in command.Calls.Select(c => model.ExternalSystems.FirstOrDefault(x => x.Name == c.Name)).OfType<ExternalSystem>())
                {
                    graph.Link(commandNode, graph.Node("external system", external.Name, external.Context), Asynchronous);
                }
            }
        }

        foreach (var domainEvent in model.Events)
        {
            graph.Node("event", domainEvent.Name, domainEvent.Context);
        }

        foreach (var external in model.ExternalSystems)
        {
            var externalNode = graph.Node("external system", external.Name, external.Context);
            foreach (var emitted in external.Emits.Select(e => model.FindEvent(e.Name)).OfType<DomainEvent>())
            {
                graph.Link(externalNode, graph.Node("event", emitted.Name, emitted.Context), Asynchronous);
            }
        }

        foreach (var policy in model.Policies)
        {
            var policyNode = graph.Node("policy", policy.Name, policy.Context);
            if (model.FindEvent(policy.When.Name) is { } trigger)
            {
                graph.Link(graph.Node("event", trigger.Name, trigger.Context), policyNode, Asynchronous);
            }

            if (model.FindCommand(policy.Then.Name) is { } command)
            {
                graph.Link(policyNode, graph.Node("command", command.Name, command.Context), PolicyDecision);
            }
        }

        return graph;
    }

    /// <summary>
    /// Each aggregate with its commands and the events they emit: the smallest piece a context boundary may not cut
    /// (an aggregate belongs to exactly one context). Without this, modularity would split a busy aggregate's commands
    /// off into clusters of their own, since a hub's many links make it look "expected" to chance.
    /// </summary>
    public IReadOnlyList<IReadOnlyList<FlowNode>> AggregateUnits(EventModel model)
    {
        var claimed = new HashSet<FlowNode>();
        var units = new List<IReadOnlyList<FlowNode>>();
        foreach (var aggregate in model.Aggregates.DistinctBy(a => a.Name))
        {
            var unit = new List<FlowNode>();
            void Claim(string kind, string name)
            {
                if (_nodes.TryGetValue((kind, name), out var node) && claimed.Add(node))
                {
                    unit.Add(node);
                }
            }

            Claim("aggregate", aggregate.Name);
            foreach (var command in aggregate.Commands)
            {
                Claim("command", command.Name);
                command.Emits.ToList().ForEach(e => Claim("event", e.Name));
            }

            units.Add(unit);
        }

        return units;
    }

    public double Degree(FlowNode node) => _edges.Where(e => e.Key.Item1 == node || e.Key.Item2 == node).Sum(e => e.Value);

    private FlowNode Node(string kind, string name, string context)
    {
        if (!_nodes.TryGetValue((kind, name), out var node))
        {
            node = new FlowNode(kind, name, context);
            _nodes[(kind, name)] = node;
        }

        return node;
    }

    private void Link(FlowNode a, FlowNode b, double weight)
    {
        var key = string.CompareOrdinal(a.ToString(), b.ToString()) <= 0 ? (a, b) : (b, a);
        _edges[key] = _edges.GetValueOrDefault(key) + weight;
    }
}
