using System.Data.Common;

namespace Stormline.EventSourcing.Projections;

/// <summary>
/// Checkpoints live in the same database as the read models, so a projection stores its checkpoint in the
/// transaction that changes the read model: after a crash both are at the same position.
/// </summary>
public interface ICheckpointStore
{
    Task<Checkpoint> GetCheckpoint(string id, CancellationToken cancellationToken);

    Task StoreCheckpoint(Checkpoint checkpoint, DbTransaction transaction, CancellationToken cancellationToken);
}
