namespace Stormline.Model.Flow;

/// <summary>
/// Greedy modularity clustering (Clauset, Newman and Moore, 2004): start with one cluster per unit and keep merging the
/// two connected clusters whose merge raises modularity most, until no merge raises it. Modularity rewards clusters with
/// more internal weight than chance would give, which is what a bounded context is: dense inside, thin links between.
/// Cubic in the node count, which is fine for a board (hundreds of stickies at most).
/// </summary>
public static class ModularityClustering
{
    /// <param name="units">Nodes that must stay together (an aggregate with its commands and events); every other node starts alone.</param>
    public static IReadOnlyList<IReadOnlyList<FlowNode>> Cluster(FlowGraph graph, IEnumerable<IReadOnlyList<FlowNode>> units)
    {
        var clusters = units.Select(u => u.ToList()).ToList();
        var inUnits = clusters.SelectMany(c => c).ToHashSet();
        clusters.AddRange(graph.Nodes.Where(n => !inUnits.Contains(n)).Select(n => new List<FlowNode> { n }));
        var edges = graph.Edges.ToList();
        var total = edges.Sum(e => e.Weight);
        if (total == 0)
        {
            return clusters;
        }

        var clusterOf = new Dictionary<FlowNode, int>();
        for (var i = 0; i < clusters.Count; i++)
        {
            clusters[i].ForEach(n => clusterOf[n] = i);
        }

        var degree = clusters.Select(c => c.Sum(graph.Degree)).ToList();
        while (true)
        {
            // Weight between each pair of clusters, from the current assignment.
            var between = new Dictionary<(int, int), double>();
            foreach (var (a, b, weight) in edges)
            {
                var (ca, cb) = (clusterOf[a], clusterOf[b]);
                if (ca != cb)
                {
                    var key = ca < cb ? (ca, cb) : (cb, ca);
                    between[key] = between.GetValueOrDefault(key) + weight;
                }
            }

            var best = between
                .Select(p => (Pair: p.Key, Gain: (p.Value / total) - (degree[p.Key.Item1] * degree[p.Key.Item2] / (2 * total * total))))
                .OrderByDescending(p => p.Gain)
                .ThenBy(p => p.Pair)
                .FirstOrDefault();
            if (between.Count == 0 || best.Gain <= 1e-12)
            {
                break;
            }

            var (keep, merge) = best.Pair;
            foreach (var node in clusters[merge])
            {
                clusterOf[node] = keep;
            }

            clusters[keep].AddRange(clusters[merge]);
            clusters[merge].Clear();
            degree[keep] += degree[merge];
            degree[merge] = 0;
        }

        return clusters.Where(c => c.Count > 0).ToList();
    }
}
