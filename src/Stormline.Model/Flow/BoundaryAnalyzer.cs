using Stormline.Model.Elements;

namespace Stormline.Model.Flow;

/// <summary>
/// Proposes bounded contexts by clustering the flow graph (<see cref="FlowGraph"/>, <see cref="ModularityClustering"/>),
/// compares them with the declared ones, and measures coupling between declared contexts.
/// </summary>
public static class BoundaryAnalyzer
{
    /// <param name="maxSenderContexts">An aggregate whose commands are sent from more contexts than this is reported.</param>
    public static BoundaryReport Analyze(EventModel model, int maxSenderContexts = 2)
    {
        var graph = FlowGraph.Build(model);
        var clusters = ModularityClustering.Cluster(graph, graph.AggregateUnits(model)).Where(c => c.Any(n => graph.Degree(n) > 0)).ToList();
        var proposed = clusters
            .Select(c => new ProposedContext(NameOf(c), c.GroupBy(n => n.Context).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).First().Key, c))
            .OrderBy(p => model.Contexts.ToList().FindIndex(c => c.Name == p.Declared))
            .ToList();
        return new BoundaryReport(
            graph.Nodes.Count,
            graph.Edges.Count(),
            Modularity(graph, clusters),
            proposed,
            Differences(model, proposed),
            Couplings(model),
            BusyAggregates(model, maxSenderContexts));
    }

    private static string NameOf(IReadOnlyList<FlowNode> cluster)
    {
        var aggregates = cluster.Where(n => n.Kind == "aggregate").Select(n => n.Name.ToLowerInvariant()).ToList();
        return aggregates.Count > 0 ? string.Join('+', aggregates) : cluster.GroupBy(n => n.Context).OrderByDescending(g => g.Count()).First().Key;
    }

    private static List<string> Differences(EventModel model, List<ProposedContext> proposed)
    {
        var differences = new List<string>();
        foreach (var context in model.Contexts.Select(c => c.Name))
        {
            var holding = proposed.Where(p => p.Declared == context).ToList();
            if (holding.Count > 1)
            {
                differences.Add($"declared context {context} splits into {string.Join(" and ", holding.Select(p => p.Name))}: "
                    + "its parts are linked only loosely; consider separate contexts, or check the policies between them");
            }
        }

        foreach (var cluster in proposed)
        {
            foreach (var stray in cluster.Members.Where(m => m.Context != cluster.Declared))
            {
                differences.Add($"{stray} is declared in {stray.Context} but its flow ties it to {cluster.Declared} (proposed {cluster.Name})");
            }
        }

        return differences;
    }

    private static List<ContextCoupling> Couplings(EventModel model)
    {
        var couplings = new List<ContextCoupling>();
        var contexts = model.Contexts.Select(c => c.Name).Distinct().ToList();
        for (var i = 0; i < contexts.Count; i++)
        {
            for (var j = i + 1; j < contexts.Count; j++)
            {
                var (a, b) = (contexts[i], contexts[j]);
                var policies = model.Policies
                    .Where(p => model.FindEvent(p.When.Name) is { } e && ((e.Context == a && p.Context == b) || (e.Context == b && p.Context == a)))
                    .Select(p => p.Name).ToList();
                var coupling = new ContextCoupling(a, b, Crossing(model, a, b), Crossing(model, b, a), policies, SharedFields(model, a, b));
                if (coupling.Score > 0)
                {
                    couplings.Add(coupling);
                }
            }
        }

        return couplings.OrderByDescending(c => c.Score).ToList();
    }

    /// <summary>Events of <paramref name="from"/> that a policy or read model of <paramref name="to"/> consumes.</summary>
    private static List<string> Crossing(EventModel model, string from, string to)
    {
        var consumed = model.Policies.Where(p => p.Context == to).Select(p => p.When.Name)
            .Concat(model.ReadModels.Where(r => r.Context == to).SelectMany(r => r.From.Select(f => f.Name)))
            .ToHashSet(StringComparer.Ordinal);
        return model.Events.Where(e => e.Context == from && consumed.Contains(e.Name)).Select(e => e.Name).ToList();
    }

    /// <summary>
    /// Fields (same name and type) and value types that events of both contexts carry: data the two share or copy.
    /// Timestamps are left out: every event has one, and a shared name like completedAt says nothing about coupling.
    /// </summary>
    private static List<string> SharedFields(EventModel model, string a, string b)
    {
        HashSet<string> FieldsOf(string context) => model.Events.Where(e => e.Context == context)
            .SelectMany(e => e.Fields)
            .Where(f => f.Type.Element is not (PrimitiveType.Timestamp or PrimitiveType.Date))
            .SelectMany(f => PrimitiveType.IsPrimitive(f.Type.Element) ? [$"{f.Name}: {f.Type.Text}"] : new[] { $"{f.Name}: {f.Type.Text}", f.Type.Element })
            .ToHashSet(StringComparer.Ordinal);
        var shared = FieldsOf(a);
        shared.IntersectWith(FieldsOf(b));
        return shared.Order(StringComparer.Ordinal).ToList();
    }

    private static List<BusyAggregate> BusyAggregates(EventModel model, int maxSenderContexts)
    {
        var busy = new List<BusyAggregate>();
        foreach (var aggregate in model.Aggregates)
        {
            var senders = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            foreach (var command in aggregate.Commands)
            {
                // An actor works through the aggregate's own context (its UI or API); a policy brings the trigger's context.
                var from = model.Policies.Where(p => p.Then.Name == command.Name).Select(p => model.FindEvent(p.When.Name)?.Context ?? p.Context).ToList();
                if (command.Actor is not null)
                {
                    from.Add(aggregate.Context);
                }

                foreach (var context in from.Distinct())
                {
                    (senders.TryGetValue(context, out var list) ? list : senders[context] = []).Add(command.Name);
                }
            }

            if (senders.Count > maxSenderContexts)
            {
                busy.Add(new BusyAggregate(aggregate.Name, aggregate.Context, senders.ToDictionary(s => s.Key, s => (IReadOnlyList<string>)s.Value)));
            }
        }

        return busy;
    }

    private static double Modularity(FlowGraph graph, IReadOnlyList<IReadOnlyList<FlowNode>> clusters)
    {
        var total = graph.Edges.Sum(e => e.Weight);
        if (total == 0)
        {
            return 0;
        }

        var clusterOf = clusters.SelectMany((c, i) => c.Select(n => (n, i))).ToDictionary(p => p.n, p => p.i);
        var inside = graph.Edges.Where(e => clusterOf.TryGetValue(e.A, out var ca) && clusterOf.TryGetValue(e.B, out var cb) && ca == cb).Sum(e => e.Weight);
        var expected = clusters.Sum(c => Math.Pow(c.Sum(graph.Degree) / (2 * total), 2));
        return (inside / total) - expected;
    }
}
