namespace Stormline.Broker.Txn;

/// <summary>DescribeTransactions and ListTransactions: the coordinator's state as the admin API shows it.</summary>
internal sealed partial class TransactionCoordinator
{
    /// <summary>The transactional id's current state; null when the coordinator does not know it.</summary>
    public TransactionMetadata? Describe(string transactionalId) =>
        _transactions.TryGetValue(transactionalId, out var transaction) ? transaction.Metadata : null;

    /// <summary>
    /// Kafka's listTransactionStates: every transactional id whose state is one of <paramref name="states"/> (all when
    /// empty), whose producer id is one of <paramref name="producerIds"/> (all when empty) and, with
    /// <paramref name="minDurationMs"/> ≥ 0, whose transaction began longer ago than that.
    /// </summary>
    public List<TransactionMetadata> List(IReadOnlySet<TransactionState> states, IReadOnlySet<long> producerIds, long minDurationMs)
    {
        var now = NowMs;
        return [.. _transactions.Values
            .Select(t => t.Metadata)
            .Where(m => m.ProducerId >= 0
                && (states.Count == 0 || states.Contains(m.State))
                && (producerIds.Count == 0 || producerIds.Contains(m.ProducerId))
                && (minDurationMs < 0 || (m.StartMs >= 0 && now - m.StartMs > minDurationMs)))
            .OrderBy(m => m.TransactionalId, StringComparer.Ordinal)];
    }
}
