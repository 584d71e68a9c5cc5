using Microsoft.Extensions.Logging;

namespace Stormline.Broker.Txn;

/// <summary>transactional.id.expiration.ms: idle transactional ids leave the coordinator (Kafka's removeExpiredTransactionalIds).</summary>
internal sealed partial class TransactionCoordinator
{
    /// <summary>
    /// Removes, durably, every transactional id with no transaction in progress (Empty, CompleteCommit or CompleteAbort)
    /// whose last change is older than transactional.id.expiration.ms. Its producer id is not reused: a later
    /// InitProducerId with the id gets a new one at epoch 0, as a never-seen id would.
    /// </summary>
    internal void RemoveExpired()
    {
        var now = NowMs;
        foreach (var (id, transaction) in _transactions)
        {
            lock (transaction.Gate)
            {
                var metadata = transaction.Metadata;
                if (transaction.Expired || !metadata.IsComplete || now - metadata.LastUpdateMs <= _options.TransactionalIdExpirationMs)
                {
                    continue;
                }

                _transactions.TryRemove(id, out _);
                try
                {
                    _log.Save(_transactions.Values.Select(t => t.Metadata));
                }
                catch (IOException ex)
                {
                    if (!_transactions.TryAdd(id, transaction))
                    {
                        // An InitProducerId already started the id over (and wrote it): the old state stays gone.
                        transaction.Expired = true;
                    }

                    _logger.LogError(ex, "Could not write the transaction state without expired transactional id {TransactionalId}; retrying later", id);
                    continue;
                }

                transaction.Expired = true;
                _logger.LogInformation("Transactional id {TransactionalId} (producer {ProducerId}) expired: idle for more than {ExpirationMs} ms", id, metadata.ProducerId, _options.TransactionalIdExpirationMs);
            }
        }
    }
}
