using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Stormline.Broker.Groups;
using Stormline.Broker.Producers;
using Stormline.Broker.Protocol;
using Stormline.Broker.Server;
using Stormline.Broker.Topics;

namespace Stormline.Broker.Txn;

/// <summary>
/// The transaction coordinator of this node (Kafka's TransactionCoordinator, KIP-98): it maps transactional ids to
/// producer ids and epochs, fences older producers, tracks which partitions and groups each transaction touched,
/// and ends transactions by writing COMMIT or ABORT markers into those partitions itself (on one node there is no
/// WriteTxnMarkers round trip) and applying the transaction's offsets to their groups. Every state change is in the
/// transaction log before the answer; an EndTxn is durable as PrepareCommit/PrepareAbort before its markers are
/// written, so a crash in between is completed on the next start. Ongoing transactions are aborted (and their
/// producer fenced) once they outlive their timeout.
/// Thread-safe: one lock per transactional id (<see cref="Transaction.Gate"/>) orders its changes, a transactional
/// produce's check and append included; the log serialises writes of the file.
/// </summary>
internal sealed partial class TransactionCoordinator
{
    /// <summary>Single node: the coordinator epoch never changes; it is written into every marker.</summary>
    private const int CoordinatorEpoch = 0;

    private readonly ConcurrentDictionary<string, Transaction> _transactions = new(StringComparer.Ordinal);
    private readonly BrokerOptions _options;
    private readonly TopicManager _topics;
    private readonly GroupCoordinator _groups;
    private readonly ProducerIdManager _producerIds;
    private readonly TransactionLog _log;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private bool _holdsMarkers;

    public TransactionCoordinator(BrokerOptions options, string dataDirectory, TopicManager topics, GroupCoordinator groups, ProducerIdManager producerIds, ILoggerFactory loggerFactory, TimeProvider? time = null)
    {
        _options = options;
        _topics = topics;
        _groups = groups;
        _producerIds = producerIds;
        _time = time ?? TimeProvider.System;
        _logger = loggerFactory.CreateLogger<TransactionCoordinator>();
        _log = new TransactionLog(dataDirectory);
        foreach (var metadata in _log.Load())
        {
            _transactions[metadata.TransactionalId] = new Transaction(metadata);
        }

        if (!_transactions.IsEmpty)
        {
            _logger.LogInformation("Loaded {Count} transactional id(s), {Open} with an open transaction", _transactions.Count, _transactions.Values.Count(t => !t.Metadata.IsComplete));
        }

        // Decided before the crash, not yet in every partition: finish writing the markers now.
        foreach (var transaction in _transactions.Values)
        {
            lock (transaction.Gate)
            {
                TryComplete(transaction);
            }
        }
    }

    /// <summary>
    /// Fault seam (<see cref="BrokerFaults.HoldTransactionMarkers"/>): while set, a decided transaction stays in
    /// PrepareCommit/PrepareAbort with no marker written and no offset applied, the state a crash right after the
    /// decision leaves on disk.
    /// </summary>
    internal bool HoldsMarkers
    {
        get => Volatile.Read(ref _holdsMarkers);
        set => Volatile.Write(ref _holdsMarkers, value);
    }

    private long NowMs => _time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>
    /// Aborts timed-out transactions and retries unfinished completions every
    /// transaction.abort.timed.out.transaction.cleanup.interval.ms, and forgets idle transactional ids every
    /// transaction.remove.expired.transaction.cleanup.interval.ms.
    /// </summary>
    public Task RunAsync(CancellationToken cancellationToken) => Task.WhenAll(
        EveryAsync(_options.TransactionAbortTimedOutTransactionCleanupIntervalMs, AbortTimedOut, cancellationToken),
        EveryAsync(_options.TransactionRemoveExpiredTransactionCleanupIntervalMs, RemoveExpired, cancellationToken));

    private static async Task EveryAsync(long intervalMs, Action act, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(Math.Max(10, intervalMs)));
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                act();
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>
    /// Aborts every Ongoing transaction older than its timeout, with the epoch bumped so that its producer is fenced
    /// (Kafka's abortTimedOutTransactions), and finishes any Prepare* left by a failed marker write.
    /// </summary>
    internal void AbortTimedOut()
    {
        var now = NowMs;
        foreach (var transaction in _transactions.Values)
        {
            lock (transaction.Gate)
            {
                var metadata = transaction.Metadata;
                if (metadata.IsPreparing)
                {
                    TryComplete(transaction);
                }
                else if (metadata.State == TransactionState.Ongoing && now - metadata.StartMs > metadata.TimeoutMs)
                {
                    _logger.LogInformation("Aborting transaction of {TransactionalId} (producer {ProducerId}): open longer than its timeout of {TimeoutMs} ms", metadata.TransactionalId, metadata.ProducerId, metadata.TimeoutMs);
                    TryFenceAndAbort(transaction);
                }
            }
        }
    }

    /// <summary>Whether a transaction holds uncommitted offsets of the group for the partition (OffsetFetch require_stable).</summary>
    public bool HasPendingOffset(string groupId, string topic, int partition)
    {
        foreach (var transaction in _transactions.Values)
        {
            var metadata = transaction.Metadata;
            if (metadata.State is TransactionState.Ongoing or TransactionState.PrepareCommit
                && metadata.PendingOffsets.TryGetValue(groupId, out var offsets)
                && offsets.Any(o => o.Partition == partition && o.Topic == topic))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Under the transaction's lock: makes <paramref name="next"/> durable, then current; false (unchanged) if the log could not be written.</summary>
    private bool TryPersist(Transaction transaction, TransactionMetadata next)
    {
        var previous = transaction.Metadata;
        transaction.Metadata = next;
        try
        {
            _log.Save(_transactions.Values.Select(t => t.Metadata));
            return true;
        }
        catch (IOException ex)
        {
            transaction.Metadata = previous;
            _logger.LogError(ex, "Could not write the transaction state of {TransactionalId}", next.TransactionalId);
            return false;
        }
    }

    /// <summary>
    /// Runs <paramref name="act"/> under the transactional id's lock once the request's producer id and epoch passed
    /// Kafka's checks (unknown id or another producer id: INVALID_PRODUCER_ID_MAPPING; another epoch: PRODUCER_FENCED).
    /// </summary>
    private T Locked<T>(string transactionalId, long producerId, short producerEpoch, Func<ErrorCode, T> failed, Func<Transaction, TransactionMetadata, T> act)
    {
        if (!_transactions.TryGetValue(transactionalId, out var transaction))
        {
            return failed(ErrorCode.InvalidProducerIdMapping);
        }

        lock (transaction.Gate)
        {
            if (transaction.Expired)
            {
                return failed(ErrorCode.InvalidProducerIdMapping);
            }

            var metadata = transaction.Metadata;
            var error = Check(metadata, producerId, producerEpoch);
            return error == ErrorCode.None ? act(transaction, metadata) : failed(error);
        }
    }

    /// <summary>Kafka's checks of a request's producer id and epoch against the transactional id's.</summary>
    private static ErrorCode Check(TransactionMetadata metadata, long producerId, short producerEpoch) =>
        metadata.ProducerId != producerId ? ErrorCode.InvalidProducerIdMapping
        : metadata.ProducerEpoch != producerEpoch ? ErrorCode.ProducerFenced
        : ErrorCode.None;
}
