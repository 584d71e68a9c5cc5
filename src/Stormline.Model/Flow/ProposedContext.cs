namespace Stormline.Model.Flow;

/// <summary>A cluster of the flow graph; <see cref="Declared"/> is the declared context most of its members are in.</summary>
public sealed record ProposedContext(string Name, string Declared, IReadOnlyList<FlowNode> Members);
