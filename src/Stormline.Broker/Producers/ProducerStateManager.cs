using Stormline.Broker.Protocol;

namespace Stormline.Broker.Producers;

/// <summary>
/// Idempotent-producer bookkeeping for one partition: per producer id the epoch and the last five appended batches
/// (Kafka's ProducerStateEntry), so a retried batch is recognised and answered with its original offset.
/// Rebuilt from the log's batch headers on start, so duplicate detection survives a restart.
/// Not thread-safe: the owning partition log serialises calls.
/// </summary>
internal sealed class ProducerStateManager
{
    public const int CachedBatches = 5;

    private readonly Dictionary<long, ProducerStateEntry> _producers = [];

    public int Count => _producers.Count;

    /// <summary>Checks a batch before it is appended.</summary>
    public SequenceCheck Check(in RecordBatch batch)
    {
        if (!batch.HasProducerId || batch.BaseSequence < 0)
        {
            return SequenceCheck.Append;
        }

        if (!_producers.TryGetValue(batch.ProducerId, out var entry))
        {
            // No state for this producer (new, or its state aged out): accept any sequence, as Kafka does since KIP-360.
            return SequenceCheck.Append;
        }

        if (batch.ProducerEpoch < entry.Epoch)
        {
            return SequenceCheck.Reject(ErrorCode.InvalidProducerEpoch);
        }

        if (batch.ProducerEpoch > entry.Epoch)
        {
            return batch.BaseSequence == 0 ? SequenceCheck.Append : SequenceCheck.Reject(ErrorCode.OutOfOrderSequenceNumber);
        }

        foreach (var cached in entry.Batches)
        {
            if (cached.FirstSequence == batch.BaseSequence && cached.LastSequence == batch.LastSequence)
            {
                return SequenceCheck.Duplicate(cached.BaseOffset);
            }
        }

        var expected = entry.LastSequence == int.MaxValue ? 0 : entry.LastSequence + 1;
        if (batch.BaseSequence != expected)
        {
            // A retry of a batch older than the cached five, or a gap: both are out of order for the producer.
            return SequenceCheck.Reject(ErrorCode.OutOfOrderSequenceNumber);
        }

        return SequenceCheck.Append;
    }

    /// <summary>Records a batch that was appended (or recovered from the log) at its assigned offsets.</summary>
    public void Record(in RecordBatch batch)
    {
        if (!batch.HasProducerId || batch.BaseSequence < 0)
        {
            return;
        }

        if (!_producers.TryGetValue(batch.ProducerId, out var entry) || batch.ProducerEpoch != entry.Epoch)
        {
            entry = new ProducerStateEntry(batch.ProducerEpoch);
            _producers[batch.ProducerId] = entry;
        }

        entry.Batches.Enqueue(new CachedBatch(batch.BaseSequence, batch.LastSequence, batch.BaseOffset));
        while (entry.Batches.Count > CachedBatches)
        {
            entry.Batches.Dequeue();
        }

        entry.LastSequence = batch.LastSequence;
    }

    private sealed class ProducerStateEntry(short epoch)
    {
        public short Epoch { get; } = epoch;

        public int LastSequence { get; set; } = -1;

        public Queue<CachedBatch> Batches { get; } = new();
    }

    private readonly record struct CachedBatch(int FirstSequence, int LastSequence, long BaseOffset);
}
