namespace Stormline.Model.Flow;

/// <summary>What <c>stormline model boundaries</c> found: proposed contexts, how they differ from the declared ones, coupling, busy aggregates.</summary>
public sealed record BoundaryReport(
    int Nodes,
    int Links,
    double Modularity,
    IReadOnlyList<ProposedContext> Proposed,
    IReadOnlyList<string> Differences,
    IReadOnlyList<ContextCoupling> Couplings,
    IReadOnlyList<BusyAggregate> BusyAggregates);
