using Stormline.Broker.Groups;

namespace Stormline.Broker.Txn;

/// <summary>
/// One transactional id's state as the coordinator keeps it (Kafka's TransactionMetadata / TransactionLogValue):
/// its producer id and epoch, the timeout asked for at InitProducerId, the transaction's state, the partitions it
/// wrote to, the offsets it will commit per group, and when it began. Immutable: every change is a new value, so a
/// value can be written to the transaction log while the next change is made.
/// </summary>
internal sealed record TransactionMetadata(
    string TransactionalId,
    long ProducerId,
    short ProducerEpoch,
    int TimeoutMs,
    TransactionState State,
    IReadOnlySet<(string Topic, int Partition)> Partitions,
    IReadOnlyDictionary<string, IReadOnlyList<PartitionOffset>> PendingOffsets,
    long StartMs,
    long LastUpdateMs)
{
    public static readonly IReadOnlySet<(string Topic, int Partition)> NoPartitions = new HashSet<(string, int)>();

    public static readonly IReadOnlyDictionary<string, IReadOnlyList<PartitionOffset>> NoOffsets = new Dictionary<string, IReadOnlyList<PartitionOffset>>();

    public bool IsPreparing => State is TransactionState.PrepareCommit or TransactionState.PrepareAbort;

    public bool IsComplete => State is TransactionState.Empty or TransactionState.CompleteCommit or TransactionState.CompleteAbort;

    /// <summary>The same id after a transaction ended: nothing registered.</summary>
    public TransactionMetadata Cleared(TransactionState state, long nowMs) =>
        this with { State = state, Partitions = NoPartitions, PendingOffsets = NoOffsets, LastUpdateMs = nowMs };
}
