using Microsoft.Extensions.Logging;
using Stormline.Broker.Protocol;

namespace Stormline.Broker.Txn;

/// <summary>EndTxn and the two ways a transaction ends without one: timing out, and a new InitProducerId.</summary>
internal sealed partial class TransactionCoordinator
{
    /// <summary>
    /// Commits or aborts the open transaction: durable as PrepareCommit/PrepareAbort first, then a marker in every
    /// partition the producer wrote to, the staged offsets applied (commit), and Complete*. A retry after the end
    /// with the same result is answered NONE; the other result, or no transaction at all, INVALID_TXN_STATE.
    /// </summary>
    public ErrorCode EndTransaction(string transactionalId, long producerId, short producerEpoch, bool commit) =>
        Locked(transactionalId, producerId, producerEpoch, error => error, (transaction, metadata) =>
        {
            switch (metadata.State)
            {
                case TransactionState.Ongoing:
                    var prepared = metadata with { State = commit ? TransactionState.PrepareCommit : TransactionState.PrepareAbort, LastUpdateMs = NowMs };
                    if (!TryPersist(transaction, prepared))
                    {
                        return ErrorCode.CoordinatorNotAvailable;
                    }

                    // Decided: if a marker cannot be written now, the next tick (or the next start) writes it.
                    TryComplete(transaction);
                    return ErrorCode.None;
                case TransactionState.PrepareCommit or TransactionState.PrepareAbort:
                    if ((metadata.State == TransactionState.PrepareCommit) != commit)
                    {
                        return ErrorCode.InvalidTxnState;
                    }

                    return TryComplete(transaction) ? ErrorCode.None : ErrorCode.ConcurrentTransactions;
                case TransactionState.CompleteCommit:
                    return commit ? ErrorCode.None : ErrorCode.InvalidTxnState;
                case TransactionState.CompleteAbort:
                    return commit ? ErrorCode.InvalidTxnState : ErrorCode.None;
                default:
                    return ErrorCode.InvalidTxnState;
            }
        });

    /// <summary>
    /// Under the transaction's lock: aborts its Ongoing transaction with the epoch bumped, so its producer's next
    /// request is fenced (Kafka's PrepareEpochFence). False when the abort is not complete yet.
    /// </summary>
    private bool TryFenceAndAbort(Transaction transaction)
    {
        var metadata = transaction.Metadata;
        var epoch = metadata.ProducerEpoch < short.MaxValue - 1 ? (short)(metadata.ProducerEpoch + 1) : metadata.ProducerEpoch;
        var prepared = metadata with { ProducerEpoch = epoch, State = TransactionState.PrepareAbort, LastUpdateMs = NowMs };
        return TryPersist(transaction, prepared) && TryComplete(transaction);
    }

    /// <summary>
    /// Under the transaction's lock: finishes a decided (Prepare*) transaction; true when it is complete. Markers go
    /// only where the producer has a transaction open, so completing again after a crash writes none twice.
    /// </summary>
    private bool TryComplete(Transaction transaction)
    {
        var metadata = transaction.Metadata;
        if (!metadata.IsPreparing)
        {
            return true;
        }

        if (HoldsMarkers)
        {
            return false;
        }

        var commit = metadata.State == TransactionState.PrepareCommit;
        try
        {
            foreach (var (topicName, index) in metadata.Partitions)
            {
                if (_topics.TryGet(topicName, out var topic) && topic.Partition(index) is { } log)
                {
                    try
                    {
                        log.AppendMarker(metadata.ProducerId, metadata.ProducerEpoch, commit, CoordinatorEpoch);
                    }
                    catch (ObjectDisposedException)
                    {
                        // The topic was deleted meanwhile: nothing left to mark.
                    }
                }
            }

            if (commit)
            {
                foreach (var (groupId, offsets) in metadata.PendingOffsets)
                {
                    _groups.CommitTransactionalOffsets(groupId, offsets);
                }
            }
        }
        catch (IOException ex)
        {
            _logger.LogError(ex, "Could not complete the transaction of {TransactionalId}; retrying on the next tick", metadata.TransactionalId);
            return false;
        }

        return TryPersist(transaction, metadata.Cleared(commit ? TransactionState.CompleteCommit : TransactionState.CompleteAbort, NowMs));
    }
}
