using Stormline.Broker.Groups;
using Stormline.Broker.Log;
using Stormline.Broker.Protocol;

namespace Stormline.Broker.Txn;

/// <summary>AddPartitionsToTxn, AddOffsetsToTxn, TxnOffsetCommit and the check of a transactional produce.</summary>
internal sealed partial class TransactionCoordinator
{
    /// <summary>
    /// Registers partitions in the transaction (starting it if none is open). Partitions of unknown topics make the
    /// whole request fail: they get UNKNOWN_TOPIC_OR_PARTITION and the others OPERATION_NOT_ATTEMPTED, as in Kafka.
    /// </summary>
    public Dictionary<(string Topic, int Partition), ErrorCode> AddPartitions(string transactionalId, long producerId, short producerEpoch, IReadOnlyList<(string Topic, int Partition)> partitions)
    {
        var unknown = partitions.Where(p => !_topics.TryGet(p.Topic, out var topic) || topic.Partition(p.Partition) is null).ToHashSet();
        if (unknown.Count > 0)
        {
            return partitions.Distinct().ToDictionary(p => p, p => unknown.Contains(p) ? ErrorCode.UnknownTopicOrPartition : ErrorCode.OperationNotAttempted);
        }

        var error = Register(transactionalId, producerId, producerEpoch, m => m.Partitions.IsSupersetOf(partitions) ? m : m with
        {
            Partitions = m.Partitions.Union(partitions).ToHashSet(),
        });
        return partitions.Distinct().ToDictionary(p => p, _ => error);
    }

    /// <summary>Registers the group in the transaction (Kafka adds its offsets partition); its offsets follow with TxnOffsetCommit.</summary>
    public ErrorCode AddOffsets(string transactionalId, long producerId, short producerEpoch, string groupId) =>
        Register(transactionalId, producerId, producerEpoch, m => m.PendingOffsets.ContainsKey(groupId) ? m : m with
        {
            PendingOffsets = new Dictionary<string, IReadOnlyList<PartitionOffset>>(m.PendingOffsets) { [groupId] = [] },
        });

    /// <summary>
    /// Keeps offsets to commit for the group when the transaction commits (Kafka's pending transactional offsets):
    /// invisible to OffsetFetch until then, dropped by an abort. The group must have been added (AddOffsetsToTxn).
    /// </summary>
    public ErrorCode StageOffsets(string transactionalId, long producerId, short producerEpoch, string groupId, IReadOnlyList<PartitionOffset> offsets) =>
        Locked(transactionalId, producerId, producerEpoch, error => error, (transaction, metadata) =>
        {
            if (metadata.State != TransactionState.Ongoing || !metadata.PendingOffsets.TryGetValue(groupId, out var staged))
            {
                return ErrorCode.InvalidTxnState;
            }

            var merged = staged.Where(o => !offsets.Any(n => n.Topic == o.Topic && n.Partition == o.Partition)).Concat(offsets).ToList();
            var next = metadata with
            {
                PendingOffsets = new Dictionary<string, IReadOnlyList<PartitionOffset>>(metadata.PendingOffsets) { [groupId] = merged },
                LastUpdateMs = NowMs,
            };
            return TryPersist(transaction, next) ? ErrorCode.None : ErrorCode.CoordinatorNotAvailable;
        });

    /// <summary>
    /// Appends a transactional produce's batches to <paramref name="log"/> if the producer's transaction holds the
    /// partition (KIP-890 part 1), under the transaction's lock so that an EndTxn cannot write its marker in between.
    /// </summary>
    public AppendResult AppendTransactional(string? transactionalId, long producerId, short producerEpoch, PartitionLog log, Func<AppendResult> append)
    {
        if (transactionalId is null)
        {
            return AppendResult.Failed(ErrorCode.InvalidRecord, "transactional records need a transactional id (Produce v3+)");
        }

        // Produce answers an old epoch with INVALID_PRODUCER_EPOCH in every version.
        return Locked(
            transactionalId,
            producerId,
            producerEpoch,
            error => AppendResult.Failed(error == ErrorCode.ProducerFenced ? ErrorCode.InvalidProducerEpoch : error, $"producer {producerId} epoch {producerEpoch} is not the current producer of {transactionalId}"),
            (_, metadata) => metadata.State == TransactionState.Ongoing && metadata.Partitions.Contains((log.Topic, log.Partition))
                ? append()
                : AppendResult.Failed(ErrorCode.InvalidTxnState, $"{log.Topic}-{log.Partition} was not added to the transaction of {transactionalId}"));
    }

    /// <summary>Kafka's checks for AddPartitionsToTxn / AddOffsetsToTxn, then the change (an Empty or completed id starts a transaction).</summary>
    private ErrorCode Register(string transactionalId, long producerId, short producerEpoch, Func<TransactionMetadata, TransactionMetadata> add) =>
        Locked(transactionalId, producerId, producerEpoch, error => error, (transaction, metadata) =>
        {
            if (metadata.IsPreparing)
            {
                return ErrorCode.ConcurrentTransactions;
            }

            var now = NowMs;
            var started = metadata.State == TransactionState.Ongoing ? metadata : metadata.Cleared(TransactionState.Ongoing, now) with { StartMs = now };
            var added = add(started);
            if (ReferenceEquals(added, metadata))
            {
                // Already registered: nothing to write, as Kafka answers a retry.
                return ErrorCode.None;
            }

            return TryPersist(transaction, added with { LastUpdateMs = now }) ? ErrorCode.None : ErrorCode.CoordinatorNotAvailable;
        });
}
