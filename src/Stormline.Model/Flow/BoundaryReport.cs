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

/// <summary>A cluster of the flow graph; <see cref="Declared"/> is the declared context most of its members are in.</summary>
public sealed record ProposedContext(string Name, string Declared, IReadOnlyList<FlowNode> Members);

/// <summary>Coupling of two declared contexts: events crossing each way, policies reacting across, data fields both carry.</summary>
public sealed record ContextCoupling(
    string A,
    string B,
    IReadOnlyList<string> EventsAToB,
    IReadOnlyList<string> EventsBToA,
    IReadOnlyList<string> Policies,
    IReadOnlyList<string> SharedFields)
{
    public int Score => EventsAToB.Count + EventsBToA.Count + Policies.Count + SharedFields.Count;
}

/// <summary>An aggregate whose commands are triggered from many contexts: a sign it orchestrates, or sits in the wrong place.</summary>
public sealed record BusyAggregate(string Aggregate, string Context, IReadOnlyDictionary<string, IReadOnlyList<string>> CommandsBySenderContext);
