using Stormline.EventSourcing.Streams;

namespace Stormline.EventSourcing.Snapshots;

/// <summary>Keeps the latest snapshot per stream; saving replaces an older one and never goes backwards.</summary>
public interface ISnapshotStore
{
    Task SaveSnapshot(Snapshot snapshot, CancellationToken cancellationToken);

    Task<Snapshot?> LoadSnapshot(StreamName stream, CancellationToken cancellationToken);
}
