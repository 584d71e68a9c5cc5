namespace Stormline.Model.Flow;

/// <summary>A node of the flow graph: a command, aggregate, event, policy or external system, and the context it is declared in.</summary>
public sealed record FlowNode(string Kind, string Name, string Context)
{
    public override string ToString() => $"{Kind} {Name}";
}
