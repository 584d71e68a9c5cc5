namespace Stormline.EventSourcing.Tests.Sample;

/// <summary>Just what the decider needs to decide; serializable so it can be snapshotted.</summary>
public sealed record OrderState(string? OrderId, OrderStatus Status, int Lines, decimal Total)
{
    public static OrderState Initial { get; } = new(null, OrderStatus.None, 0, 0m);
}
