using Stormline.Broker.Producers;
using Stormline.Broker.Protocol;

namespace Stormline.Broker.Log;

/// <summary>
/// Transactions in the log: the markers that end them, the last stable offset and the aborted transactions a
/// read_committed fetch needs. The state lives in the producer state (and its snapshots), rebuilt from the log on start.
/// </summary>
public sealed partial class PartitionLog
{
    /// <summary>
    /// The first offset of the earliest transaction still open here, or the high watermark when none is: read_committed
    /// consumers read below it and no further.
    /// </summary>
    public long LastStableOffset
    {
        get
        {
            lock (_gate)
            {
                var first = _producers.FirstUnstableOffset;
                return first < 0 ? _logEndOffset : Math.Min(first, _logEndOffset);
            }
        }
    }

    /// <summary>Aborted transactions that end at or after <paramref name="fetchOffset"/> and begin below <paramref name="upperBound"/>.</summary>
    internal List<AbortedTransaction> AbortedTransactions(long fetchOffset, long upperBound)
    {
        lock (_gate)
        {
            return _producers.AbortedTransactions(fetchOffset, upperBound);
        }
    }

    /// <summary>The producers with state in this partition (DescribeProducers).</summary>
    internal List<ActiveProducer> ActiveProducers()
    {
        lock (_gate)
        {
            return _producers.ActiveProducers();
        }
    }

    /// <summary>Whether <paramref name="producerId"/> has a transaction open in this partition.</summary>
    internal bool HasOpenTransaction(long producerId)
    {
        lock (_gate)
        {
            return _producers.HasOpenTransaction(producerId);
        }
    }

    /// <summary>
    /// Ends the producer's open transaction here with a COMMIT or ABORT marker (a control batch of one record), written
    /// under the flush policy like any append. A producer without an open transaction here gets no marker, so a marker
    /// sent again after a crash is not written twice. Returns the marker's offset, -1 when none was written.
    /// </summary>
    /// <exception cref="IOException">The partition is offline (an fsync failed); the marker may be in the log.</exception>
    internal long AppendMarker(long producerId, short producerEpoch, bool commit, int coordinatorEpoch)
    {
        var config = Config;
        long offset;
        var flushTo = -1L;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_producers.HasOpenTransaction(producerId))
            {
                return -1;
            }

            if (_offline)
            {
                throw new IOException($"{Topic}-{Partition} is offline");
            }

            var nowMs = _time.GetUtcNow().ToUnixTimeMilliseconds();
            var batch = TransactionMarker.Build(producerId, producerEpoch, commit, coordinatorEpoch, nowMs);
            var header = AppendBatchUnlocked(batch, config, nowMs, appendTime: -1);
            offset = header.BaseOffset;
            _producers.CompleteTransaction(producerId, producerEpoch, offset, commit, coordinatorEpoch);
            if (CountUnflushed(1, config))
            {
                flushTo = _logEndOffset;
            }
        }

        if (flushTo >= 0 && !FlushUpTo(flushTo))
        {
            throw new IOException($"{Topic}-{Partition} went offline writing a transaction marker");
        }

        Appended?.Invoke(this);
        return offset;
    }
}
