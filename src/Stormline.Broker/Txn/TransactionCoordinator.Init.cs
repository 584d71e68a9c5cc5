using Microsoft.Extensions.Logging;
using Stormline.Broker.Protocol;

namespace Stormline.Broker.Txn;

/// <summary>InitProducerId with a transactional id: a producer id per id, kept across restarts, and epoch bumps that fence.</summary>
internal sealed partial class TransactionCoordinator
{
    /// <summary>
    /// Kafka's handleInitProducerId: a new transactional id gets a new producer id at epoch 0; a known one gets its
    /// epoch bumped (a new producer id once the epoch is exhausted), which fences every producer with the old epoch. A
    /// transaction still open is aborted first, with the bumped epoch. <paramref name="expectedProducerId"/> and
    /// <paramref name="expectedEpoch"/> (v3+, KIP-360: a producer bumping its own epoch) must match the current pair.
    /// </summary>
    public ProducerIdAndEpoch InitProducerId(string transactionalId, int timeoutMs, long expectedProducerId, short expectedEpoch)
    {
        if (timeoutMs <= 0 || timeoutMs > _options.TransactionMaxTimeoutMs)
        {
            return ProducerIdAndEpoch.Failed(ErrorCode.InvalidTransactionTimeout);
        }

        while (true)
        {
            var transaction = _transactions.GetOrAdd(transactionalId, id => new Transaction(new TransactionMetadata(
                id, -1, -1, timeoutMs, TransactionState.Empty, TransactionMetadata.NoPartitions, TransactionMetadata.NoOffsets, -1, NowMs)));
            lock (transaction.Gate)
            {
                if (!transaction.Expired)
                {
                    return InitLocked(transaction, timeoutMs, expectedProducerId, expectedEpoch);
                }
            }

            // The id expired between the look-up and the lock: look it up again (a fresh one this time).
        }
    }

    /// <summary>Under the transaction's lock: <see cref="InitProducerId"/> for an id that has not expired.</summary>
    private ProducerIdAndEpoch InitLocked(Transaction transaction, int timeoutMs, long expectedProducerId, short expectedEpoch)
    {
        var transactionalId = transaction.Metadata.TransactionalId;
        var now = NowMs;
        var metadata = transaction.Metadata;
        if (metadata.ProducerId < 0)
        {
            var created = metadata with { ProducerId = _producerIds.Next(), ProducerEpoch = 0, TimeoutMs = timeoutMs };
            return TryPersist(transaction, created) ? new(ErrorCode.None, created.ProducerId, 0) : ProducerIdAndEpoch.Failed(ErrorCode.CoordinatorNotAvailable);
        }

        if (expectedProducerId >= 0 && (expectedProducerId != metadata.ProducerId || expectedEpoch != metadata.ProducerEpoch))
        {
            return ProducerIdAndEpoch.Failed(ErrorCode.ProducerFenced);
        }

        if (metadata.State == TransactionState.Ongoing)
        {
            _logger.LogInformation("Aborting the open transaction of {TransactionalId}: a producer initialised it again", transactionalId);
            if (!TryFenceAndAbort(transaction))
            {
                return ProducerIdAndEpoch.Failed(ErrorCode.ConcurrentTransactions);
            }

            // The abort already bumped the epoch past every producer of the old one.
            metadata = transaction.Metadata;
            var resumed = metadata with { TimeoutMs = timeoutMs, State = TransactionState.Empty, LastUpdateMs = now };
            return TryPersist(transaction, resumed) ? new(ErrorCode.None, resumed.ProducerId, resumed.ProducerEpoch) : ProducerIdAndEpoch.Failed(ErrorCode.CoordinatorNotAvailable);
        }

        if (metadata.IsPreparing && !TryComplete(transaction))
        {
            return ProducerIdAndEpoch.Failed(ErrorCode.ConcurrentTransactions);
        }

        metadata = transaction.Metadata;
        var bumped = metadata.ProducerEpoch >= short.MaxValue - 1
            ? metadata with { ProducerId = _producerIds.Next(), ProducerEpoch = 0 }
            : metadata with { ProducerEpoch = (short)(metadata.ProducerEpoch + 1) };
        bumped = bumped.Cleared(TransactionState.Empty, now) with { TimeoutMs = timeoutMs };
        return TryPersist(transaction, bumped) ? new(ErrorCode.None, bumped.ProducerId, bumped.ProducerEpoch) : ProducerIdAndEpoch.Failed(ErrorCode.CoordinatorNotAvailable);
    }
}
