namespace Stormline.EventSourcing.Projections;

/// <summary>How far a projection (or subscription) has got: the last global position it handled, null when none.</summary>
public sealed record Checkpoint(string Id, long? Position)
{
    public static Checkpoint Empty(string id) => new(id, null);

    /// <summary>The first global position still to handle.</summary>
    public long Next => (Position ?? 0) + 1;
}
