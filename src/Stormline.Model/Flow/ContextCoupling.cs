namespace Stormline.Model.Flow;

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
