using System.Buffers.Binary;

namespace Stormline.Broker.Producers;

/// <summary>
/// Transactions in one partition: which producers have an open transaction here and where it began (so the last
/// stable offset is the earliest of those), and the aborted ones, in the order their markers were written.
/// </summary>
internal sealed partial class ProducerStateManager
{
    private readonly List<AbortedTransaction> _aborted = [];
    private int _openTransactions;

    /// <summary>
    /// The first offset of the earliest open transaction, or -1 when none is open (then the last stable offset is the
    /// high watermark).
    /// </summary>
    public long FirstUnstableOffset
    {
        get
        {
            if (_openTransactions == 0)
            {
                return -1;
            }

            var first = long.MaxValue;
            foreach (var entry in _producers.Values)
            {
                if (entry.CurrentTxnFirstOffset >= 0)
                {
                    first = Math.Min(first, entry.CurrentTxnFirstOffset);
                }
            }

            return first;
        }
    }

    /// <summary>Every producer with state here, as DescribeProducers reports them (Kafka's activeProducers).</summary>
    public List<ActiveProducer> ActiveProducers() =>
        [.. _producers.Select(p => new ActiveProducer(p.Key, p.Value.Epoch, p.Value.LastSequence, p.Value.LastTimestamp, p.Value.CoordinatorEpoch, p.Value.CurrentTxnFirstOffset))];

    public bool HasOpenTransaction(long producerId) =>
        _producers.TryGetValue(producerId, out var entry) && entry.CurrentTxnFirstOffset >= 0;

    /// <summary>The producer's epoch here, or -1 when it has no state in this partition.</summary>
    public short EpochOf(long producerId) => _producers.TryGetValue(producerId, out var entry) ? entry.Epoch : (short)-1;

    /// <summary>
    /// Records a COMMIT or ABORT marker written (or recovered) at <paramref name="markerOffset"/>: the producer's open
    /// transaction ends, an aborted one joins the aborted list. A marker with a newer epoch (the coordinator fenced the
    /// producer) moves the producer to that epoch, so batches of the old epoch are refused from now on.
    /// </summary>
    public void CompleteTransaction(long producerId, short epoch, long markerOffset, bool commit, int coordinatorEpoch = -1)
    {
        var entry = EntryAt(producerId, epoch);
        entry.CoordinatorEpoch = coordinatorEpoch;
        if (entry.CurrentTxnFirstOffset < 0)
        {
            return;
        }

        if (!commit)
        {
            _aborted.Add(new AbortedTransaction(producerId, entry.CurrentTxnFirstOffset, markerOffset));
        }

        entry.CurrentTxnFirstOffset = -1;
        _openTransactions--;
    }

    /// <summary>
    /// The aborted transactions a fetch from <paramref name="fetchOffset"/> that returns data below
    /// <paramref name="upperBound"/> must know of: those that end at or after the fetch offset and begin below the bound.
    /// </summary>
    public List<AbortedTransaction> AbortedTransactions(long fetchOffset, long upperBound)
    {
        var found = new List<AbortedTransaction>();
        var lo = 0;
        var hi = _aborted.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_aborted[mid].LastOffset < fetchOffset)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        for (var i = lo; i < _aborted.Count; i++)
        {
            if (_aborted[i].FirstOffset < upperBound)
            {
                found.Add(_aborted[i]);
            }
        }

        return found;
    }

    /// <summary>Forgets aborted transactions whose ABORT marker the log cleaner removed (their data went before).</summary>
    public void ForgetAborted(IReadOnlySet<long> markerOffsets) => _aborted.RemoveAll(a => markerOffsets.Contains(a.LastOffset));

    /// <summary>The aborted transactions whose ABORT marker lies below <paramref name="offset"/>.</summary>
    public List<AbortedTransaction> AbortedBelow(long offset) => [.. _aborted.TakeWhile(a => a.LastOffset < offset)];

    /// <summary>Forgets aborted transactions whose marker lies below the log start offset (their data is gone).</summary>
    public void DropAbortedBelow(long logStartOffset)
    {
        var gone = 0;
        while (gone < _aborted.Count && _aborted[gone].LastOffset < logStartOffset)
        {
            gone++;
        }

        _aborted.RemoveRange(0, gone);
    }

    /// <summary>
    /// The producer's entry for a batch or marker of <paramref name="epoch"/> (never older: the log checked it): a
    /// newer epoch starts a new sequence but keeps an open transaction.
    /// </summary>
    private ProducerStateEntry EntryAt(long producerId, short epoch)
    {
        if (_producers.TryGetValue(producerId, out var entry) && entry.Epoch >= epoch)
        {
            return entry;
        }

        var fresh = new ProducerStateEntry(epoch)
        {
            CurrentTxnFirstOffset = entry?.CurrentTxnFirstOffset ?? -1,
            LastTimestamp = entry?.LastTimestamp ?? -1,
            CoordinatorEpoch = entry?.CoordinatorEpoch ?? -1,
        };
        _producers[producerId] = fresh;
        return fresh;
    }

    private int WriteAborted(Span<byte> span, int position)
    {
        BinaryPrimitives.WriteInt32BigEndian(span[position..], _aborted.Count);
        position += 4;
        foreach (var (producerId, first, last) in _aborted)
        {
            BinaryPrimitives.WriteInt64BigEndian(span[position..], producerId);
            BinaryPrimitives.WriteInt64BigEndian(span[(position + 8)..], first);
            BinaryPrimitives.WriteInt64BigEndian(span[(position + 16)..], last);
            position += 24;
        }

        return position;
    }

    private static bool TryReadAborted(ReadOnlySpan<byte> span, int position, List<AbortedTransaction> aborted)
    {
        if (position + 4 > span.Length)
        {
            return false;
        }

        var count = BinaryPrimitives.ReadInt32BigEndian(span[position..]);
        position += 4;
        if (count < 0 || position + ((long)count * 24) > span.Length)
        {
            return false;
        }

        for (var i = 0; i < count; i++)
        {
            aborted.Add(new AbortedTransaction(
                BinaryPrimitives.ReadInt64BigEndian(span[position..]),
                BinaryPrimitives.ReadInt64BigEndian(span[(position + 8)..]),
                BinaryPrimitives.ReadInt64BigEndian(span[(position + 16)..])));
            position += 24;
        }

        return true;
    }

    /// <summary>After a snapshot replaced the producers: its aborted list, and the open transactions counted again.</summary>
    private void ReplaceTransactions(List<AbortedTransaction> aborted)
    {
        _aborted.Clear();
        _aborted.AddRange(aborted);
        _openTransactions = _producers.Values.Count(e => e.CurrentTxnFirstOffset >= 0);
    }
}
