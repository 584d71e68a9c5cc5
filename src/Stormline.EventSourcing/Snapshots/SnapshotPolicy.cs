namespace Stormline.EventSourcing.Snapshots;

/// <summary>When to snapshot one aggregate type: never, or each time the stream passes a multiple of <see cref="Every"/> events.</summary>
public sealed record SnapshotPolicy
{
    private SnapshotPolicy(int every, int schemaVersion)
    {
        Every = every;
        SchemaVersion = schemaVersion;
    }

    /// <summary>Events between snapshots; 0 = never.</summary>
    public int Every { get; }

    /// <summary>The state shape's version; bump it when the state record changes so older snapshots are ignored.</summary>
    public int SchemaVersion { get; }

    public static SnapshotPolicy None { get; } = new(0, 0);

    public static SnapshotPolicy EveryEvents(int every, int schemaVersion = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(every, 1);
        return new(every, schemaVersion);
    }

    public bool IsEnabled => Every > 0;

    /// <summary>
    /// True when an append took the stream from <paramref name="previousVersion"/> to <paramref name="newVersion"/>
    /// across a multiple of <see cref="Every"/> events (a batch may jump over the exact multiple).
    /// </summary>
    public bool ShouldTake(long previousVersion, long newVersion) =>
        IsEnabled && (newVersion + 1) / Every > (previousVersion + 1) / Every;
}
